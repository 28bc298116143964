import { status as GrpcStatus } from '@grpc/grpc-js';

import type { NodeEvent } from '../api-types';
import { type Command, type CommandContext, stringOption } from '../command';
import { CliError, ExitCode, fromGrpcError, invalidArgument, isGrpcCallError } from '../errors';
import { formatTime } from '../format';
import { SyncProgressBar } from '../progress-bar';
import * as validate from '../validate';

/** The event types the node publishes (proto mbc.v1.NodeEvent.type). */
const EVENT_TYPES = ['blockConnected', 'txAccepted', 'peerConnected', 'peerDisconnected'];
const POLL_INTERVAL_MS = 1000;
/** Fields worth a glance, in the order shown; anything else stays in --json. */
const SUMMARY_FIELDS = ['height', 'hash', 'txid', 'id', 'address', 'direction', 'userAgent'];

interface ParsedEvent {
  readonly type: string;
  readonly timeMs: number;
  readonly data: unknown;
}

function parseEvent(event: NodeEvent): ParsedEvent {
  let data: unknown;
  try {
    data = JSON.parse(event.json);
  } catch {
    data = event.json; // Shown as it came rather than dropped.
  }
  return { type: event.type, timeMs: Number(event.timeMs), data };
}

function summarise(data: unknown): string {
  if (typeof data !== 'object' || data === null) return String(data);
  const record = data as Record<string, unknown>;
  const parts = SUMMARY_FIELDS.filter((key) => record[key] !== undefined && typeof record[key] !== 'object').map((key) => `${key}=${String(record[key])}`);
  return parts.length ? parts.join(' ') : JSON.stringify(data);
}

function eventLine(event: ParsedEvent, json: boolean): string {
  return json ? JSON.stringify(event) : `${formatTime(event.timeMs)}  ${event.type.padEnd(16)}  ${summarise(event.data)}`;
}

function parseTypes(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const types = raw.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = types.filter((t) => !EVENT_TYPES.includes(t));
  if (unknown.length) throw invalidArgument('--type', `unknown event type(s) ${unknown.join(', ')}; known: ${EVENT_TYPES.join(', ')}`);
  return types;
}

async function watch(ctx: CommandContext): Promise<void> {
  const types = parseTypes(stringOption(ctx.values, 'type'));
  const countText = stringOption(ctx.values, 'count');
  const limit = countText === undefined ? Infinity : validate.integer('--count', countText, 1, Number.MAX_SAFE_INTEGER);
  const client = ctx.client();
  const stream = await client.subscribe(types);
  const bar = new SyncProgressBar(ctx.stderr, Boolean(ctx.stdout.isTTY && ctx.stderr.isTTY));
  let seen = 0;

  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (error?: CliError) => {
      if (done) return;
      done = true;
      clearInterval(poller);
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      bar.finish();
      stream.cancel();
      if (error) reject(error);
      else resolve();
    };
    const interrupt = () => finish();
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);

    const poll = () =>
      client.call('GetChainInfo', {}).then(
        (info) => !done && bar.update(info),
        () => undefined, // The stream reports a lost node; the bar just stops moving.
      );
    const poller = setInterval(poll, POLL_INTERVAL_MS);
    void poll();

    stream.on('data', (event: NodeEvent) => {
      if (done) return;
      bar.around(() => ctx.stdout.write(`${eventLine(parseEvent(event), ctx.json)}\n`));
      if (++seen >= limit) finish();
    });
    stream.on('error', (err: unknown) => {
      if (isGrpcCallError(err) && err.code === GrpcStatus.CANCELLED && done) return;
      finish(isGrpcCallError(err) ? fromGrpcError(err, client.address) : new CliError(ExitCode.Failure, String(err)));
    });
    stream.on('end', () => finish(new CliError(ExitCode.Failure, `node at ${client.address} ended the event stream (shutting down?)`)));
  });
}

export const watchCommand: Command = {
  path: ['watch'],
  summary: 'Follow node events, one line each; shows a sync progress bar on stderr while syncing',
  positionals: { min: 0, max: 0 },
  options: { type: { type: 'string' }, count: { type: 'string' } },
  optionHelp: [
    ['--type <t1,t2>', `only these event types (${EVENT_TYPES.join(', ')})`],
    ['--count <n>', 'exit 0 after n events (default: until Ctrl-C)'],
  ],
  run: watch,
};

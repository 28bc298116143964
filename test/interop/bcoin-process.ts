import { ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot, WaitAbortedError, waitFor } from '../harness';
import { trackChild, trackNode, untrackNode } from '../harness/registry';
import type { BcoinCommand, BcoinReady, BcoinReply, BcoinStartOptions, BcoinStatus } from './bcoin-protocol';

const MAX_LOG_LINES = 2_000;
const REPLY_TIMEOUT_MS = 30_000;

/** The bcoin child (dist/test/interop/bcoin-node.js) and a typed IPC client for it. */
export class BcoinHandle {
  readonly name = 'bcoin';
  private readonly logLines: string[] = [];
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly prefix: string,
    readonly p2pPort: number,
    /** bcoin's user agent, as it sends it in `version`. */
    readonly userAgent: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (reply: BcoinReply) => this.settle(reply));
    child.once('exit', (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`bcoin exited (${code ?? signal}) before answering`));
      this.pending.clear();
    });
  }

  static async start(options: Omit<BcoinStartOptions, 'prefix'> = {}): Promise<BcoinHandle> {
    const entry = join(repoRoot(), 'dist/test/interop/bcoin-node.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` before the interop tests`);
    const prefix = mkdtempSync(join(tmpdir(), 'mbc-bcoin-'));
    const child = fork(entry, [JSON.stringify({ ...options, prefix } satisfies BcoinStartOptions)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    trackChild(child);
    const logs: string[] = [];
    const keep = (chunk: Buffer) => {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (logs.length > MAX_LOG_LINES) logs.splice(0, logs.length - MAX_LOG_LINES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const ready = await new Promise<BcoinReady>((resolve, reject) => {
      child.once('message', (message: BcoinReady) => resolve(message));
      child.once('exit', (code) => {
        rmSync(prefix, { recursive: true, force: true });
        reject(new Error(`bcoin exited (${code}) before it was ready:\n${logs.slice(-40).join('\n')}`));
      });
    });
    const handle = new BcoinHandle(child, prefix, ready.p2pPort, ready.userAgent);
    handle.logLines.push(...logs);
    child.stdout?.off('data', keep);
    child.stderr?.off('data', keep);
    child.stdout?.on('data', (chunk: Buffer) => handle.log(chunk));
    child.stderr?.on('data', (chunk: Buffer) => handle.log(chunk));
    trackNode(handle);
    return handle;
  }

  get p2pAddress(): string {
    return `127.0.0.1:${this.p2pPort}`;
  }

  logs(): readonly string[] {
    return this.logLines;
  }

  status(): Promise<BcoinStatus> {
    return this.call({ cmd: 'status' }) as Promise<BcoinStatus>;
  }

  /** Mines `count` blocks with bcoin's own miner; returns their hashes. */
  mine(count: number): Promise<string[]> {
    return this.call({ cmd: 'mine', count }) as Promise<string[]>;
  }

  /** Makes bcoin ping every connected peer now; returns the Unix ms it did so. */
  ping(): Promise<number> {
    return this.call({ cmd: 'ping' }) as Promise<number>;
  }

  /** Puts host:port into bcoin's address manager (so it has something to answer getaddr with). */
  addHost(hostname: string): Promise<boolean> {
    return this.call({ cmd: 'addHost', hostname }) as Promise<boolean>;
  }

  /** Waits until bcoin reports the given height and tip, failing at once if bcoin rejects a block. */
  async waitForTip(height: number, tip: string, timeoutMs = 30_000): Promise<BcoinStatus> {
    return waitFor(
      async () => {
        const status = await this.status();
        if (status.rejects.length > 0) throw new BcoinRejectedError(status);
        return status.height === height && status.tip === tip ? status : false;
      },
      { timeoutMs, describe: `bcoin to reach height ${height} (tip ${tip})` },
    );
  }

  /** Stops bcoin and removes its data dir (the harness registry calls this after a failure too). */
  async destroy(): Promise<void> {
    untrackNode(this);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const forced = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(forced);
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }

  private call(command: BcoinCommand): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`bcoin did not answer ${command.cmd} within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.child.send({ id, command });
    });
  }

  private settle(reply: BcoinReply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(`bcoin failed: ${reply.error}`));
  }

  private log(chunk: Buffer): void {
    this.logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (this.logLines.length > MAX_LOG_LINES) this.logLines.splice(0, this.logLines.length - MAX_LOG_LINES);
  }
}

/** bcoin refused one of our blocks: its reason is the bug report (which consensus rule we broke). */
export class BcoinRejectedError extends WaitAbortedError {
  constructor(readonly status: BcoinStatus) {
    super(`bcoin rejected our block(s): ${JSON.stringify(status.rejects)}`);
  }
}

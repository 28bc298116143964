// Wireshark's command-line dissector (tshark) as an independent judge of our wire format: capture
// loopback traffic to a pcapng file, then let Wireshark's Bitcoin dissector decode it.
//
// Wireshark's dissector knows the magic fa bf b5 da (it calls it the old "testnet" magic,
// 0xDAB5BFFA read little-endian, which regtest reuses), but only auto-detects standard ports, so
// every read maps our random test ports to it with "Decode As" (-d tcp.port==P,bitcoin).
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

import { waitFor } from '../harness';
import { trackChild } from '../harness/registry';

const run = promisify(execFile);
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Thrown when tshark is not installed: the Wireshark check must fail loudly, never skip. */
export class TsharkMissingError extends Error {
  override readonly name = 'TsharkMissingError';
  constructor() {
    super('tshark (Wireshark CLI) is not on PATH: run `bash scripts/install-tshark.sh` (as root or with sudo) before the interop tests');
  }
}

/** The tshark binary on PATH, or TsharkMissingError. */
export function tsharkPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'tshark');
    if (existsSync(candidate)) return candidate;
  }
  throw new TsharkMissingError();
}

/** One Bitcoin message as Wireshark decoded it. */
export interface DecodedMessage {
  readonly frame: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly command: string;
}

/**
 * Probes come from their own loopback address so they are easy to spot in tshark's live summary;
 * they open and close a TCP connection and carry no Bitcoin payload.
 */
const PROBE_HOST = '127.0.0.10';

/** A running `tshark -i lo` capture writing to a pcapng file. */
export class LoopbackCapture {
  private stderr = '';
  private summary = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly file: string,
    private readonly probePort: number,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => (this.summary += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * Starts capturing TCP traffic on `ports` and resolves once a probe connection has been seen in
   * the capture: tshark prints "Capturing on" before its capture child really receives packets,
   * so that line alone is not proof (packets sent right after it were seen to be lost).
   */
  static async start(file: string, ports: readonly number[]): Promise<LoopbackCapture> {
    const filter = ports.map((port) => `tcp port ${port}`).join(' or ');
    // -P -l: also print a line-buffered packet summary while writing the file, to observe probes.
    const child = spawn(tsharkPath(), ['-i', 'lo', '-f', filter, '-w', file, '-P', '-l'], { stdio: ['ignore', 'pipe', 'pipe'] });
    trackChild(child);
    const capture = new LoopbackCapture(child, file, ports[0]);
    await capture.probeUntilSeen('tshark to start capturing on lo');
    return capture;
  }

  /** Opens probe connections until one shows in the live summary (the capture is flowing). */
  private async probeUntilSeen(describe: string): Promise<void> {
    await waitFor(
      async () => {
        if (this.child.exitCode !== null) throw new Error(`tshark exited (${this.child.exitCode}): ${this.stderr.trim()}`);
        const seenBefore = this.probeCount();
        await probeConnection(this.probePort);
        // A plain short poll (not the harness waitFor, which dumps node logs on every miss).
        const until = Date.now() + 1_000;
        while (Date.now() < until && this.probeCount() <= seenBefore) await new Promise((r) => setTimeout(r, 20));
        return this.probeCount() > seenBefore;
      },
      { timeoutMs: 20_000, intervalMs: 50, describe },
    );
  }

  private probeCount(): number {
    return this.summary.split(PROBE_HOST).length - 1;
  }

  /** SIGINT makes tshark flush and close the pcapng file; resolves when it has. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      // Everything sent before this probe has reached the capture once the probe shows up.
      await this.probeUntilSeen('tshark to catch up with the traffic before it stops');
      this.child.kill('SIGINT');
    }
    const code = await this.exited;
    if (code !== 0 && code !== null) throw new Error(`tshark exited with ${code}: ${this.stderr.trim()}`);
  }
}

function decodeAs(ports: readonly number[]): string[] {
  return ports.flatMap((port) => ['-d', `tcp.port==${port},bitcoin`]);
}

async function tshark(args: readonly string[]): Promise<string> {
  const { stdout } = await run(tsharkPath(), [...args], { maxBuffer: MAX_OUTPUT_BYTES });
  return stdout;
}

/** Every Bitcoin message in the capture, in order (a TCP segment may carry several). */
export async function decodeMessages(file: string, ports: readonly number[]): Promise<DecodedMessage[]> {
  const out = await tshark([
    '-r', file, ...decodeAs(ports), '-Y', 'bitcoin', '-T', 'fields',
    '-e', 'frame.number', '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'bitcoin.command',
    '-E', 'occurrence=a', '-E', 'aggregator=,',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const [frame, src, dst, commands] = line.split('\t');
      return commands.split(',').map((command) => ({ frame: Number(frame), srcPort: Number(src), dstPort: Number(dst), command }));
    });
}

/** A frame Wireshark marks malformed or flags with an expert error. */
export interface FlaggedFrame {
  readonly frame: number;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Wireshark's Info column, e.g. "version [Malformed Packet]". */
  readonly info: string;
}

export async function malformedFrames(file: string, ports: readonly number[]): Promise<FlaggedFrame[]> {
  const out = await tshark([
    '-r', file, ...decodeAs(ports), '-Y', '_ws.malformed || _ws.expert.severity >= error', '-T', 'fields',
    '-e', 'frame.number', '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', '_ws.col.Info',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [frame, src, dst, info] = line.split('\t');
      return { frame: Number(frame), srcPort: Number(src), dstPort: Number(dst), info };
    });
}

/** Connects from PROBE_HOST and hangs up at once. */
function probeConnection(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: PROBE_HOST });
    socket.on('connect', () => socket.end());
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { PassThrough } from 'node:stream';

import { runMain } from '../../apps/cli/src/cli';
import { repoRoot, trackChild, waitFor } from '../harness';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** dist/apps/cli/src/<name>.js; the e2e tests run the built CLI exactly as operators do. */
export function cliEntryPoint(name: 'main' | 'cluster'): string {
  const entry = join(repoRoot(), 'dist/apps/cli/src', `${name}.js`);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  return entry;
}

/** The CLI's environment without the caller's MBC_* variables, so only what a test passes counts. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MBC_')));
  return { ...base, ...env };
}

/** A running CLI process whose output is collected as it arrives. */
export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;

  constructor(readonly child: ChildProcess) {
    trackChild(child);
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout: this.stdout, stderr: this.stderr })));
  }

  /** Waits (polling with a deadline) until stdout matches the pattern or satisfies the probe. */
  async waitForOutput(match: RegExp | ((stdout: string) => boolean), timeoutMs = 30_000): Promise<void> {
    const probe = typeof match === 'function' ? () => match(this.stdout) : () => match.test(this.stdout);
    try {
      await waitFor(probe, { timeoutMs, intervalMs: 50, describe: `CLI output matching ${match}` });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`);
    }
  }
}

export function spawnCli(name: 'main' | 'cluster', args: readonly string[], env: Record<string, string> = {}): CliProcess {
  return new CliProcess(spawn(process.execPath, [cliEntryPoint(name), ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** `mbc <args>` to completion. */
export function mbc(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return spawnCli('main', args, env).exited;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/**
 * `mbc <args>` inside the test process: the same runMain the binary calls, minus a Node start-up
 * per call (seconds on a loaded 2-core machine). Exit-code plumbing of the real binary is
 * covered by the spawned cases.
 */
export async function mbcInProcess(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const [out, err] = [collect(stdout), collect(stderr)];
  const code = await runMain(args, { stdout, stderr, env });
  return { code, stdout: out(), stderr: err() };
}

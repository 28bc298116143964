import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { waitFor } from './wait';

export const MAIN_JS = join(__dirname, '..', '..', '..', 'dist', 'apps', 'node', 'src', 'main.js');

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function assertBuilt(): void {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first`);
}

/** Runs the built node to completion (config errors, --help). */
export function runNode(args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN_JS, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export interface NodeInfo {
  readonly pid: number;
  readonly p2pPort: number;
  readonly restPort: number;
  readonly grpcPort: number;
}

export interface RunningNode {
  readonly child: ChildProcess;
  readonly info: NodeInfo;
  readonly output: () => string;
  /** Sends `signal` and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<ProcessResult>;
}

const running = new Set<ChildProcess>();

/** SIGKILLs nodes a failed test left running (call from afterEach). */
export function killLeftoverNodes(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts the built node on ports 0 and waits for `<dataDir>/node.json` to name its ports. */
export async function startNodeProcess(dataDir: string, extraArgs: string[] = []): Promise<RunningNode> {
  assertBuilt();
  const args = [MAIN_JS, '--data-dir', dataDir, '--p2p-host', '127.0.0.1', '--p2p-port', '0', '--rest-port', '0', '--grpc-port', '0', '--log-format', 'json', ...extraArgs];
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<ProcessResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const infoFile = join(dataDir, 'node.json');
  const info = await waitFor('node.json', () => {
    if (child.exitCode !== null) throw new Error(`node exited early (${child.exitCode}): ${stderr}${stdout}`);
    if (!existsSync(infoFile)) return undefined;
    const parsed = JSON.parse(readFileSync(infoFile, 'utf8')) as NodeInfo;
    return parsed.pid === child.pid ? parsed : undefined;
  }, 30_000);
  return {
    child,
    info,
    output: () => stdout + stderr,
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

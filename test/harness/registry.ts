import type { ChildProcess } from 'node:child_process';

/** What the registry needs from a node handle: explain a failure, clean up after one. */
export interface LoggingNode {
  readonly name: string;
  logs(): readonly string[];
  destroy(): Promise<void>;
}

const children = new Set<ChildProcess>();
const nodes = new Set<LoggingNode>();
const exitCleanups = new Set<() => void>();
const LOG_LINES_ON_FAILURE = 100;

/**
 * Every child this process spawns is killed when it exits, however it exits: a failing test, a
 * thrown error or Ctrl-C must never leave a node holding ports and temp dirs behind. Then the
 * registered cleanups run (e.g. network namespaces and links, which outlive the process).
 */
function cleanUpOnExit(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const cleanup of exitCleanups) {
    try {
      cleanup();
    } catch (err) {
      process.stderr.write(`exit cleanup failed: ${(err as Error).message}\n`);
    }
  }
}

let hooksInstalled = false;
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', cleanUpOnExit);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanUpOnExit();
      process.kill(process.pid, signal);
    });
  }
}

export function trackChild(child: ChildProcess): void {
  installExitHooks();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/**
 * Runs `cleanup` (synchronously: the process is exiting) if the process exits before the returned
 * function unregisters it.
 */
export function cleanUpAtExit(cleanup: () => void): () => void {
  installExitHooks();
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

export function trackNode(node: LoggingNode): void {
  nodes.add(node);
}

export function untrackNode(node: LoggingNode): void {
  nodes.delete(node);
}

/**
 * Destroys every node still registered. A test that times out half way through a setup never gets
 * to track what it started; its nodes would keep the test process alive and their ports busy.
 */
export async function destroyAllNodes(): Promise<void> {
  await Promise.all([...nodes].map((node) => node.destroy().catch(() => undefined)));
}

/** Prints the tail of every live node's log (called when a wait times out). */
export function dumpLiveNodeLogs(reason: string): void {
  if (nodes.size === 0) return;
  const parts = [`--- ${reason} ---`];
  for (const node of nodes) {
    const lines = node.logs();
    parts.push(`--- last ${Math.min(lines.length, LOG_LINES_ON_FAILURE)} log lines of ${node.name} ---`);
    parts.push(...lines.slice(-LOG_LINES_ON_FAILURE));
  }
  process.stderr.write(`${parts.join('\n')}\n`);
}

import { dumpLiveNodeLogs } from './registry';

export interface WaitForOptions {
  /** Give up after this long (default 20 s). */
  readonly timeoutMs?: number;
  /** Poll period (default 100 ms). */
  readonly intervalMs?: number;
  /** What we are waiting for, in words: it heads the timeout error. */
  readonly describe?: string;
}

/** Raised when a waitFor deadline passes; carries the last value or error seen while polling. */
export class WaitForTimeoutError extends Error {
  override readonly name = 'WaitForTimeoutError';

  constructor(
    readonly description: string,
    readonly timeoutMs: number,
    readonly lastSeen: unknown,
  ) {
    super(`timed out after ${timeoutMs} ms waiting for ${description}; last seen: ${render(lastSeen)}`);
  }
}

function render(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))?.slice(0, 2000) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Thrown by a probe to stop waiting at once: the condition can no longer come true. */
export class WaitAbortedError extends Error {
  override readonly name = 'WaitAbortedError';
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns something truthy (which is returned) or the deadline passes.
 * A probe that throws counts as "not yet" (a node may be restarting), except WaitAbortedError. On timeout the last 100
 * log lines of every node this process started are printed, so a failing test explains itself.
 */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export async function waitFor<T>(probe: () => T | Promise<T>, options: WaitForOptions = {}): Promise<Truthy<T>> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastSeen: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
      lastSeen = value;
    } catch (err) {
      if (err instanceof WaitAbortedError) {
        dumpLiveNodeLogs(err.message);
        throw err;
      }
      lastSeen = err;
    }
    if (Date.now() >= deadline) {
      const error = new WaitForTimeoutError(options.describe ?? 'a condition', timeoutMs, lastSeen);
      dumpLiveNodeLogs(error.message);
      throw error;
    }
    await delay(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

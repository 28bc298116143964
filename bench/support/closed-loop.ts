import { percentile } from './stats';

export interface LoadResult {
  readonly requests: number;
  readonly requestsPerSec: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/**
 * Keeps `concurrency` calls in flight for `durationMs`: each completed call immediately starts
 * the next (autocannon's model, for clients autocannon cannot drive). `call` resolves to whether
 * the call succeeded.
 */
export async function closedLoop(concurrency: number, durationMs: number, call: () => Promise<boolean>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const deadline = Date.now() + durationMs;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (Date.now() < deadline) {
      const t0 = process.hrtime.bigint();
      if (!(await call())) errors++;
      latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { requests: latenciesMs.length, requestsPerSec: latenciesMs.length / seconds, p99Ms: percentile(latenciesMs, 99), errors };
}

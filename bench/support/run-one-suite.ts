// Runs one benchmark suite (the module path given) and sends its results to bench/run.ts, which
// starts every suite in a fresh process: the chain suite's half-gigabyte heap and its stores'
// background work must not weigh on the timing of the suites after it.
import type { BenchResult } from '../types';

interface BenchModule {
  run(): Promise<BenchResult[]>;
}

/** What the child sends back. */
export type SuiteOutcome = { results: BenchResult[] } | { error: string };

async function main(): Promise<SuiteOutcome> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(process.argv[2]) as BenchModule;
    return { results: await mod.run() };
  } catch (err) {
    return { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

// Exit once delivered: a suite may leave handles (timers, sockets) behind.
void main().then((outcome) => process.send!(outcome, () => process.exit(0)));

/** One measured figure of a benchmark, printed by bench/run.ts beside its target and comparison. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The goal in words, e.g. ">= 1x bitcoinjs-lib". */
  target?: string;
  /** What the same run measured for the reference it is compared with. */
  comparison?: string;
  /** Whether the target was met (absent when the figure has no target). */
  ok?: boolean;
}

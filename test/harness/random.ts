/**
 * Seeded randomness for fault schedules: a failing run prints its seed and `MBC_SEED=<seed>`
 * replays the same schedule (mulberry32).
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number = Number(process.env.MBC_SEED ?? Date.now() % 2 ** 31)) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}

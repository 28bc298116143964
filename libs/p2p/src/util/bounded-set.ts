/**
 * A set that forgets its oldest members past a capacity: per-peer "known inventory" filters and
 * recently-seen caches, which must never grow with what a peer chooses to send.
 *
 * Members live in two generations of capacity/2 (the idea of Core's CRollingBloomFilter, without
 * false positives): when the current one fills, the previous one is dropped whole. Evicting one
 * oldest member at a time from a single insertion-ordered Set would be O(1) on paper, but V8
 * leaves deleted slots at the front of the table for `values().next()` to skip, which made every
 * add cost O(capacity) once the set was full.
 */
export class BoundedSet<T> {
  private current = new Set<T>();
  private previous = new Set<T>();
  private readonly generationSize: number;

  /** Remembers at least the last `capacity / 2` members added, and never more than `capacity`. */
  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.ceil(capacity / 2));
  }

  has(item: T): boolean {
    return this.current.has(item) || this.previous.has(item);
  }

  add(item: T): void {
    if (this.has(item)) return;
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Set<T>();
    }
    this.current.add(item);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

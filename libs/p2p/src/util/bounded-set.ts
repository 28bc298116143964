/**
 * A set that forgets its oldest members past a capacity: per-peer "known inventory" filters and
 * recently-seen caches, which must never grow with what a peer chooses to send.
 */
export class BoundedSet<T> {
  private readonly items = new Set<T>();

  constructor(private readonly capacity: number) {}

  has(item: T): boolean {
    return this.items.has(item);
  }

  add(item: T): void {
    if (this.items.has(item)) return;
    this.items.add(item);
    if (this.items.size > this.capacity) {
      const oldest = this.items.values().next().value as T;
      this.items.delete(oldest);
    }
  }

  delete(item: T): void {
    this.items.delete(item);
  }

  get size(): number {
    return this.items.size;
  }
}

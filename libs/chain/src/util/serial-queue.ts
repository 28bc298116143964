/**
 * Runs async tasks one at a time in submission order: chain state transitions (store a block,
 * connect, disconnect) must never interleave, and their store writes must land in order.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The queue continues whatever the outcome; the caller sees the task's own result or error.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when every task submitted so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}

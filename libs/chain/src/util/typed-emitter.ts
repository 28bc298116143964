/** A listener receives one payload object per event. */
export type Listener<T> = (payload: T) => void;

/** Called when a listener throws, so a faulty subscriber can never break the emitter's caller. */
export type ListenerErrorHandler = (error: unknown, event: string) => void;

const warnListenerError: ListenerErrorHandler = (error, event) => {
  process.emitWarning(`listener for "${event}" threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
};

/**
 * A minimal typed event emitter: `Events` maps each event name to its payload type.
 * Unlike node:events, a throwing listener is isolated (reported, not propagated): chain and
 * mempool state transitions must complete whatever their subscribers do.
 */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onListenerError: ListenerErrorHandler = warnListenerError) {}

  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.listeners.get(event)?.delete(listener as Listener<never>);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set || set.size === 0) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.onListenerError(error, String(event));
      }
    }
  }

  listenerCount<K extends keyof Events>(event: K): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Resolves with the next payload of `event` (tests and callers awaiting a state change). */
  next<K extends keyof Events>(event: K): Promise<Events[K]> {
    return new Promise((resolve) => this.once(event, resolve));
  }

  removeAllListeners(): void {
    this.listeners.clear();
  }
}

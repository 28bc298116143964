import { EventEmitter } from 'node:events';

/** An EventEmitter whose event names and payloads are checked by the compiler. */
export class TypedEmitter<Events extends object> {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Many subscribers (metrics, SSE clients, tests) may listen to one event; none of them leak.
    this.emitter.setMaxListeners(0);
  }

  on<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): this {
    this.emitter.on(event, listener);
    return this;
  }

  once<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): this {
    this.emitter.once(event, listener);
    return this;
  }

  off<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): this {
    this.emitter.off(event, listener);
    return this;
  }

  emit<K extends keyof Events & string>(event: K, payload: Events[K]): void {
    this.emitter.emit(event, payload);
  }

  removeAllListeners(): void {
    this.emitter.removeAllListeners();
  }
}

import { TypedEmitter } from './typed-emitter';

interface Events {
  ping: { n: number };
}

describe('TypedEmitter', () => {
  it('delivers payloads, unsubscribes and resolves next()', async () => {
    const emitter = new TypedEmitter<Events>();
    const seen: number[] = [];
    const off = emitter.on('ping', ({ n }) => seen.push(n));
    const next = emitter.next('ping');
    emitter.emit('ping', { n: 1 });
    off();
    emitter.emit('ping', { n: 2 });
    expect(seen).toEqual([1]);
    expect(await next).toEqual({ n: 1 });
    expect(emitter.listenerCount('ping')).toBe(0);
  });

  it('isolates a throwing listener and reports it', () => {
    const errors: string[] = [];
    const emitter = new TypedEmitter<Events>((error, event) => errors.push(`${event}:${(error as Error).message}`));
    const seen: number[] = [];
    emitter.on('ping', () => {
      throw new Error('boom');
    });
    emitter.on('ping', ({ n }) => seen.push(n));
    emitter.emit('ping', { n: 3 });
    expect(seen).toEqual([3]);
    expect(errors).toEqual(['ping:boom']);
  });
});

import { BoundedSet } from './bounded-set';

describe('BoundedSet', () => {
  it('never holds more than its capacity', () => {
    const set = new BoundedSet<number>(10);
    for (let i = 0; i < 1_000; i++) {
      set.add(i);
      expect(set.size).toBeLessThanOrEqual(10);
    }
  });

  it('remembers at least the most recent half of its capacity and forgets the oldest', () => {
    const set = new BoundedSet<number>(10);
    for (let i = 0; i < 23; i++) set.add(i);
    for (let i = 23 - 5; i < 23; i++) expect(set.has(i)).toBe(true);
    expect(set.has(0)).toBe(false);
    expect(set.has(9)).toBe(false);
  });

  it('does not count a member twice across generations', () => {
    const set = new BoundedSet<string>(4);
    set.add('a');
    set.add('b');
    set.add('c'); // 'a', 'b' are now the previous generation
    set.add('a');
    expect(set.size).toBe(3);
    expect(set.has('b')).toBe(true);
  });

});

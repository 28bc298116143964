import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { AddressBook } from './address-book';

describe('AddressBook', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbc-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stays within its capacity by evicting the longest unseen address', () => {
    const book = new AddressBook(undefined, 3);
    book.add({ host: '10.0.0.1', port: 1, time: 100 }, 'addr');
    book.add({ host: '10.0.0.2', port: 1, time: 50 }, 'addr');
    book.add({ host: '10.0.0.3', port: 1, time: 300 }, 'addr');
    book.add({ host: '10.0.0.4', port: 1, time: 400 }, 'addr');
    expect(book.size).toBe(3);
    expect(book.has({ host: '10.0.0.2', port: 1 })).toBe(false);
  });

  it('prefers addresses that worked, and backs off ones just tried', () => {
    const book = new AddressBook(undefined);
    book.add({ host: '10.0.0.1', port: 1, time: 500 }, 'addr');
    book.add({ host: '10.0.0.2', port: 1, time: 100 }, 'addr');
    book.markSuccess({ host: '10.0.0.2', port: 1 });
    expect(book.select(() => false)?.host).toBe('10.0.0.2');
    book.markAttempt({ host: '10.0.0.2', port: 1 });
    expect(book.select(() => false)?.host).toBe('10.0.0.1');
    expect(book.select((e) => e.host === '10.0.0.1')).toBeUndefined();
  });

  it('samples 23% of what it knows for getaddr, capped', () => {
    const book = new AddressBook(undefined);
    for (let k = 0; k < 100; k++) book.add({ host: `10.0.1.${k}`, port: 1 }, 'addr');
    expect(book.sample(1_000, 23)).toHaveLength(23);
    expect(book.sample(5, 23)).toHaveLength(5);
  });

  it('persists to peers.json', async () => {
    const book = new AddressBook(dir);
    book.add({ host: '10.0.0.1', port: 18444, services: 1n }, 'dns');
    await book.save();
    const reloaded = new AddressBook(dir);
    expect(reloaded.list()).toMatchObject([{ host: '10.0.0.1', port: 18444, services: '1', source: 'dns' }]);
  });
});

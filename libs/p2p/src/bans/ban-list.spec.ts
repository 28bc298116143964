import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { P2PErrorCode } from '../errors';
import { BANLIST_FILE, BanList } from './ban-list';

describe('BanList', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbc-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bans by IP (IPv4-mapped forms alike) until the ban expires', () => {
    let now = 1_000_000;
    const bans = new BanList(undefined, 60, undefined, () => now);
    bans.add('::ffff:10.0.0.1', 'misbehaviour');
    expect(bans.isBanned('10.0.0.1')).toBe(true);
    now += 60_001;
    expect(bans.isBanned('10.0.0.1')).toBe(false);
    expect(bans.list()).toEqual([]);
  });

  it('persists to banlist.json and reloads, dropping expired entries', async () => {
    const bans = new BanList(dir, 3600);
    bans.add('10.0.0.1', 'invalid-block');
    bans.add('10.0.0.2', 'short', 0);
    await bans.flush();
    expect(JSON.parse(fs.readFileSync(path.join(dir, BANLIST_FILE), 'utf8'))).toHaveLength(1);
    const reloaded = new BanList(dir, 3600);
    expect(reloaded.list()).toMatchObject([{ address: '10.0.0.1', reason: 'invalid-block' }]);
    expect(reloaded.remove('10.0.0.1')).toBe(true);
    await reloaded.flush();
    expect(new BanList(dir, 3600).list()).toEqual([]);
  });

  it('ignores a corrupt file and refuses a non-IP address', () => {
    fs.writeFileSync(path.join(dir, BANLIST_FILE), '{not json');
    const bans = new BanList(dir, 3600);
    expect(bans.list()).toEqual([]);
    expect(() => bans.add('example.org', 'x')).toThrow(expect.objectContaining({ code: P2PErrorCode.InvalidAddress }));
  });
});

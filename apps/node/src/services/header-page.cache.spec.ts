import type { ChainEntry } from '@mbc/chain';
import { Hash256, blockHash } from '@mbc/wire';

import { toHeaderView } from '../api/views/chain.view';
import type { ActiveChain } from './chain-lookup';
import { HeaderPageCache } from './header-page.cache';

/** An active chain as a plain array; `branch` tells apart blocks at the same height on forks. */
class FakeChain implements ActiveChain {
  active: ChainEntry[] = [];

  constructor(length: number) {
    this.extend(length, 0);
  }

  get tip(): ChainEntry {
    return this.active[this.active.length - 1];
  }

  getEntryByHeight(height: number): ChainEntry | undefined {
    return this.active[height];
  }

  isOnActiveChain(entry: ChainEntry): boolean {
    return this.active[entry.height] === entry;
  }

  extend(count: number, branch: number): void {
    for (let k = 0; k < count; k++) {
      const prev = this.active[this.active.length - 1] as ChainEntry | undefined;
      const header = { version: 1, prevBlock: prev?.hash ?? Hash256.ZERO, merkleRoot: Hash256.ZERO, time: 1_000 + this.active.length, bits: 0x207fffff, nonce: branch };
      const height = this.active.length;
      this.active.push({ hash: blockHash(header), height, header, chainWork: BigInt(height + 1) * 2n, hasBlock: true, prev });
    }
  }

  /** Replaces everything above `forkHeight` with `length` blocks of another branch. */
  reorg(forkHeight: number, length: number, branch: number): void {
    this.active.length = forkHeight + 1;
    this.extend(length, branch);
  }
}

const parse = (json: Buffer) => JSON.parse(json.toString('utf8')) as { hash: string; height: number }[];
const hashesOf = (chain: FakeChain, from: number, to: number) => chain.active.slice(from, to + 1).map((e) => e.hash.toHex());

describe('HeaderPageCache', () => {
  const MAX_BYTES = 1024 * 1024;

  it('serializes a page as HeaderView JSON and serves the same bytes while the chain is unchanged', () => {
    const chain = new FakeChain(10);
    const cache = new HeaderPageCache(chain, MAX_BYTES);
    const first = cache.json(chain.active[2], 5);
    expect(JSON.parse(first.toString('utf8'))).toEqual(chain.active.slice(2, 7).map(toHeaderView));
    expect(cache.json(chain.active[2], 5)).toBe(first);
  });

  it('keeps a complete page when the tip moves, and grows a page the tip cut short', () => {
    const chain = new FakeChain(4);
    const cache = new HeaderPageCache(chain, MAX_BYTES);
    const complete = cache.json(chain.active[0], 2);
    const short = cache.json(chain.active[1], 2000);
    expect(parse(short).map((h) => h.height)).toEqual([1, 2, 3]);

    chain.extend(1, 0);
    expect(cache.json(chain.active[0], 2)).toBe(complete);
    expect(parse(cache.json(chain.active[1], 2000)).map((h) => h.hash)).toEqual(hashesOf(chain, 1, 4));
  });

  it('after a reorg, rebuilds the pages above the fork and keeps those below it', () => {
    const chain = new FakeChain(10);
    const cache = new HeaderPageCache(chain, MAX_BYTES);
    const below = cache.json(chain.active[0], 5); // heights 0..4
    const across = cache.json(chain.active[3], 4); // heights 3..6
    const toTip = cache.json(chain.active[7], 2000); // heights 7..9

    chain.reorg(5, 3, 1); // heights 6..8 replaced; the new chain is one block shorter

    expect(cache.json(chain.active[0], 5)).toBe(below);
    const rebuilt = parse(cache.json(chain.active[3], 4));
    expect(rebuilt).not.toEqual(parse(across));
    expect(rebuilt.map((h) => h.hash)).toEqual(hashesOf(chain, 3, 6));
    const newTip = parse(cache.json(chain.active[7], 2000));
    expect(newTip).not.toEqual(parse(toTip));
    expect(newTip.map((h) => h.hash)).toEqual(hashesOf(chain, 7, 8));
  });

  it('answers a start off the active chain with that header alone', () => {
    const chain = new FakeChain(6);
    const stale = chain.active[4];
    chain.reorg(3, 3, 1);
    const cache = new HeaderPageCache(chain, MAX_BYTES);
    expect(parse(cache.json(stale, 2000))).toEqual([toHeaderView(stale)]);
  });

  it('holds at most maxBytes of pages, dropping the least recently used', () => {
    const chain = new FakeChain(100);
    // Pages of heights 10..39 all serialize to the same length: room for two, not three.
    const pageBytes = new HeaderPageCache(chain, MAX_BYTES).json(chain.active[10], 10).length;
    const cache = new HeaderPageCache(chain, Math.round(pageBytes * 2.5));
    const first = cache.json(chain.active[10], 10);
    const second = cache.json(chain.active[20], 10);
    expect(cache.json(chain.active[10], 10)).toBe(first); // now the most recently used
    cache.json(chain.active[30], 10); // evicts the second page, not the first
    expect(cache.json(chain.active[10], 10)).toBe(first);
    expect(cache.json(chain.active[20], 10)).not.toBe(second);
  });
});

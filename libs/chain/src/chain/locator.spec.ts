import { Hash256 } from '@mbc/wire';

import { extend, openFixtureChain } from '../testing/chain-fixture';
import type { Chain } from './chain';
import { locatorHeights } from './locator';

describe('locatorHeights (Core LocatorEntries)', () => {
  it.each([
    [0, [0]],
    [1, [1, 0]],
    [10, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    [11, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    [12, [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    [20, [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 7, 3, 0]],
    [100, [100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 87, 83, 75, 59, 27, 0]],
  ])('height %i', (height, expected) => {
    expect(locatorHeights(height)).toEqual(expected);
  });

  it('stays logarithmic and ends at genesis for a million blocks', () => {
    const heights = locatorHeights(1_000_000);
    expect(heights.length).toBeLessThan(40);
    expect(heights.at(-1)).toBe(0);
    expect(heights.slice(0, 11)).toEqual(Array.from({ length: 11 }, (_, k) => 1_000_000 - k));
  });
});

describe('serving locators', () => {
  let chain: Chain;

  beforeAll(async () => {
    chain = await openFixtureChain();
    await extend(chain, chain.tip, 30);
  });

  afterAll(() => chain.close());

  it('getLocator maps heights to active-chain hashes', () => {
    const locator = chain.getLocator();
    expect(locator.map((h) => chain.getEntry(h)!.height)).toEqual(locatorHeights(30));
    expect(locator.at(-1)!.equals(chain.genesis.hash)).toBe(true);
  });

  it('getLocator from a side-branch entry walks that branch', async () => {
    const [side] = await extend(chain, chain.getEntryByHeight(20)!, 1);
    const locator = chain.getLocator(side);
    expect(locator[0].equals(side.hash)).toBe(true);
    expect(locator[1].equals(chain.getEntryByHeight(20)!.hash)).toBe(true);
  });

  it('findFork: first locator hash on the active chain, unknown hashes skipped, else genesis', () => {
    const unknown = Hash256.fromHex('44'.repeat(32));
    expect(chain.findFork([unknown, chain.getEntryByHeight(7)!.hash]).height).toBe(7);
    expect(chain.findFork([unknown])).toBe(chain.genesis);
  });

  it('headersAfter: after the fork, up to max, hashStop inclusive', () => {
    const locator = [chain.getEntryByHeight(10)!.hash];
    expect(chain.headersAfter(locator, Hash256.ZERO).map((e) => e.height)).toEqual(Array.from({ length: 20 }, (_, k) => 11 + k));
    expect(chain.headersAfter(locator, Hash256.ZERO, 3).map((e) => e.height)).toEqual([11, 12, 13]);
    expect(chain.headersAfter(locator, chain.getEntryByHeight(12)!.hash).map((e) => e.height)).toEqual([11, 12]);
    expect(chain.headersAfter([], chain.getEntryByHeight(5)!.hash).map((e) => e.height)).toEqual([5]);
    expect(chain.headersAfter([], Hash256.fromHex('55'.repeat(32)))).toEqual([]);
    expect(chain.headersAfter([chain.tip.hash], Hash256.ZERO)).toEqual([]);
  });

  it('blocksAfter: up to max (500 by default), stopping before hashStop', () => {
    const locator = [chain.getEntryByHeight(10)!.hash];
    expect(chain.blocksAfter(locator, chain.getEntryByHeight(13)!.hash).map((e) => e.height)).toEqual([11, 12]);
    expect(chain.blocksAfter(locator, Hash256.ZERO, 2).map((e) => e.height)).toEqual([11, 12]);
    expect(chain.blocksAfter([], Hash256.ZERO)).toHaveLength(30);
  });
});

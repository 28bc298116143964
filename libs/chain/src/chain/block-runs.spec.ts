import { encodeBlock, type Block } from '@mbc/wire';

import { blocksOnGenesis, extend, openFixtureChain } from '../testing/chain-fixture';
import { CountingStore } from '../testing/counting-store';
import { createDataTransaction } from '../tx/data-transaction';
import type { Chain } from './chain';

describe('blocks submitted together (initial sync)', () => {
  let store: CountingStore;
  let chain: Chain;

  beforeEach(async () => {
    store = new CountingStore();
    chain = await openFixtureChain(store);
    store.reset(); // the genesis write
  });

  afterEach(() => chain.close());

  it('connects a run that extends the tip with one store write, each block reported connected, in order', async () => {
    const blocks = await blocksOnGenesis(6);
    expect(chain.addHeaders(blocks.map((b) => b.header)).error).toBeUndefined();
    const connected: number[] = [];
    const tips: number[] = [];
    chain.events.on('blockConnected', ({ entry }) => connected.push(entry.height));
    chain.events.on('tipChanged', ({ entry }) => tips.push(entry.height));

    const results = await Promise.all(blocks.map((b) => chain.submitBlock(b)));

    expect(results.map((r) => r.status)).toEqual(Array(6).fill('connected'));
    expect(results.map((r) => r.entry?.height)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(connected).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tips).toEqual([6]);
    expect(store.connectWrites).toEqual([6]);
    expect(chain.height).toBe(6);
  });

  it('ends the run at an invalid block: those before it connect, the ones after wait for its replacement', async () => {
    const blocks = await blocksOnGenesis(4);
    chain.addHeaders(blocks.map((b) => b.header));
    const mutated: Block = { header: blocks[2].header, transactions: [...blocks[2].transactions, createDataTransaction(Buffer.from('x'))] };

    const results = await Promise.all([blocks[0], blocks[1], mutated, blocks[3]].map((b) => chain.submitBlock(b)));

    expect(results.map((r) => r.status)).toEqual(['connected', 'connected', 'invalid', 'stored']);
    expect(chain.height).toBe(2);
    // The real block 3 (a mutated body says nothing against its header) completes the chain.
    expect((await chain.submitBlock(blocks[2])).status).toBe('connected');
    expect(chain.height).toBe(4);
  });

  it('processes a block without a known header, or out of order, the one-at-a-time way', async () => {
    const blocks = await blocksOnGenesis(3);
    const results = await Promise.all([blocks[0], blocks[2], blocks[1]].map((b) => chain.submitBlock(b)));
    expect(results.map((r) => r.status)).toEqual(['connected', 'orphan', 'connected']);
    expect(chain.height).toBe(2);
  });
});

describe('recently connected blocks', () => {
  it('are served from memory, older ones from the store', async () => {
    const store = new CountingStore();
    const chain = await openFixtureChain(store);
    try {
      const entries = await extend(chain, chain.tip, 20);
      const newest = await chain.getBlock(entries[19].hash);
      expect(newest && encodeBlock(newest).equals((await chain.getRawBlock(entries[19].hash))!)).toBe(true);
      expect(store.blockReads).toBe(0);
      expect(await chain.getBlock(entries[0].hash)).toBeDefined();
      expect(store.blockReads).toBe(1);
    } finally {
      await chain.close();
    }
  });
});

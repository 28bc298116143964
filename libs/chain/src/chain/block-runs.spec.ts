import { encodeBlock, type Block } from '@mbc/wire';

import { extend, openFixtureChain } from '../testing/chain-fixture';
import type { ConnectUpdate } from '../store/chain-store';
import { MemoryChainStore } from '../store/memory-chain-store';
import { createDataTransaction } from '../tx/data-transaction';
import type { Chain } from './chain';

/** Counts the store writes that connect blocks. */
class CountingStore extends MemoryChainStore {
  connectWrites: number[] = [];

  override async connectBlocks(updates: readonly ConnectUpdate[]): Promise<void> {
    this.connectWrites.push(updates.length);
    return super.connectBlocks(updates);
  }
}

/** `count` valid blocks on genesis, built on a chain of their own. */
async function sourceBlocks(count: number): Promise<Block[]> {
  const source = await openFixtureChain();
  try {
    const entries = await extend(source, source.tip, count);
    return Promise.all(entries.map(async (e) => (await source.getBlock(e.hash))!));
  } finally {
    await source.close();
  }
}

describe('blocks submitted together (initial sync)', () => {
  let store: CountingStore;
  let chain: Chain;

  beforeEach(async () => {
    store = new CountingStore();
    chain = await openFixtureChain(store);
    store.connectWrites = []; // genesis
  });

  afterEach(() => chain.close());

  it('connects a run that extends the tip with one store write, each block reported connected, in order', async () => {
    const blocks = await sourceBlocks(6);
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
    const blocks = await sourceBlocks(4);
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
    const blocks = await sourceBlocks(3);
    const results = await Promise.all([blocks[0], blocks[2], blocks[1]].map((b) => chain.submitBlock(b)));
    expect(results.map((r) => r.status)).toEqual(['connected', 'orphan', 'connected']);
    expect(chain.height).toBe(2);
  });
});

describe('recently connected blocks', () => {
  it('are served from memory, older ones from the store', async () => {
    class ReadCountingStore extends MemoryChainStore {
      reads = 0;
      override async getRawBlock(hash: Parameters<MemoryChainStore['getRawBlock']>[0]): Promise<Buffer | undefined> {
        this.reads += 1;
        return super.getRawBlock(hash);
      }
    }
    const store = new ReadCountingStore();
    const chain = await openFixtureChain(store);
    try {
      const entries = await extend(chain, chain.tip, 20);
      const newest = await chain.getBlock(entries[19].hash);
      expect(newest && encodeBlock(newest).equals((await chain.getRawBlock(entries[19].hash))!)).toBe(true);
      expect(store.reads).toBe(0);
      expect(await chain.getBlock(entries[0].hash)).toBeDefined();
      expect(store.reads).toBe(1);
    } finally {
      await chain.close();
    }
  });
});

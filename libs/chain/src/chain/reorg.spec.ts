import { Hash256, txid } from '@mbc/wire';

import { Mempool } from '../mempool/mempool';
import { buildBlock, extend, openFixtureChain } from '../testing/chain-fixture';
import { createDataTransaction } from '../tx/data-transaction';
import type { Chain } from './chain';
import type { ChainEntry } from './chain-entry';

const data = (text: string) => createDataTransaction(Buffer.from(text));

describe('competing branches and reorgs', () => {
  let chain: Chain;
  let mempool: Mempool;

  beforeEach(async () => {
    chain = await openFixtureChain();
    mempool = new Mempool({ chain, maxCount: 100, maxBytes: 1_000_000 });
  });

  afterEach(async () => {
    mempool.close();
    await chain.close();
  });

  it('switches to a branch with more work and moves transactions between chain and mempool', async () => {
    const [onlyA, shared, onlyB] = [data('only on A'), data('on both'), data('only on B')];
    const common = (await extend(chain, chain.tip, 2)).at(-1)!;
    const a = await extend(chain, common, 3, (k) => (k === 1 ? [onlyA, shared] : []));
    expect(chain.tip).toBe(a[2]);
    expect((await mempool.accept(onlyB)).ok).toBe(true);

    const events: string[] = [];
    chain.events.on('blockDisconnected', ({ entry }) => events.push(`-${entry.height}`));
    chain.events.on('blockConnected', ({ entry }) => events.push(`+${entry.height}`));
    const reorg = chain.events.next('reorg');

    // Branch B: equal work stays "stored"; one more block takes over.
    const b: ChainEntry[] = [];
    let prev: ChainEntry = common;
    for (let k = 0; k < 4; k++) {
      const block = await buildBlock(prev, { txs: k === 0 ? [shared, onlyB] : [] });
      const result = await chain.submitBlock(block);
      expect(result.status).toBe(k < 3 ? 'stored' : 'connected');
      prev = result.entry!;
      b.push(prev);
    }

    expect(await reorg).toEqual({ oldTip: a[2], newTip: b[3], depth: 3 });
    expect(events).toEqual(['-5', '-4', '-3', '+3', '+4', '+5', '+6']);
    expect(chain.tip).toBe(b[3]);
    expect(chain.height).toBe(6);
    for (const entry of b) expect(chain.isOnActiveChain(entry)).toBe(true);
    for (const entry of a) expect(chain.isOnActiveChain(entry)).toBe(false);
    expect(chain.getEntryByHeight(4)).toBe(b[1]);
    // onlyA came back to the mempool; shared and onlyB are confirmed on B and left it.
    expect(mempool.entries().map((e) => e.txid.toHex())).toEqual([txid(onlyA).toHex()]);
    expect((await chain.findTransaction(txid(shared)))?.entry).toBe(b[0]);
    expect(await chain.findTransaction(txid(onlyA))).toBeUndefined();
  });

  it('keeps the first-seen tip on equal work', async () => {
    const [a] = await extend(chain, chain.tip, 1);
    const result = await chain.submitBlock(await buildBlock(chain.genesis));
    expect(result.status).toBe('stored');
    expect(chain.tip).toBe(a);
  });

  it('connects headers-first: stored gaps, then the whole branch once the gap fills', async () => {
    const source = await openFixtureChain();
    const entries = await extend(source, source.tip, 6);
    const blocks = await Promise.all(entries.map((e) => source.getBlock(e.hash)));
    await source.close();

    const added = chain.addHeaders(blocks.map((b) => b!.header));
    expect(added.error).toBeUndefined();
    expect(added.added).toHaveLength(6);
    expect(chain.bestHeader.height).toBe(6);
    expect(chain.missingBlocks(10).map((e) => e.height)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(chain.missingBlocks(2).map((e) => e.height)).toEqual([1, 2]);

    expect((await chain.submitBlock(blocks[2]!)).status).toBe('stored');
    expect((await chain.submitBlock(blocks[1]!)).status).toBe('stored');
    expect(chain.missingBlocks(10).map((e) => e.height)).toEqual([1, 4, 5, 6]);
    expect(chain.height).toBe(0);

    const tipChanged = chain.events.next('tipChanged');
    expect((await chain.submitBlock(blocks[0]!)).status).toBe('connected');
    expect((await tipChanged).entry.height).toBe(3);
    expect(chain.missingBlocks(10).map((e) => e.height)).toEqual([4, 5, 6]);
    expect((await chain.submitBlock(blocks[0]!)).status).toBe('duplicate');
  });

  it('reports headers that do not connect and skips known ones', async () => {
    const [first] = await extend(chain, chain.tip, 1);
    const orphan = await buildBlock(first, { header: { prevBlock: Hash256.fromHex('33'.repeat(32)) } });
    expect(chain.addHeaders([orphan.header]).error?.code).toBe('prev-blk-not-found');
    const known = chain.addHeaders([first.header]);
    expect(known.added).toEqual([]);
    expect(known.lastEntry).toBe(first);
  });
});

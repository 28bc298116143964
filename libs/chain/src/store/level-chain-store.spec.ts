import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { blockHash, txid } from '@mbc/wire';

import { Chain } from '../chain/chain';
import { ChainErrorCode } from '../errors';
import { customNetwork } from '../params';
import { genesisBlock } from '../params/genesis';
import { buildBlock, extend, openFixtureChain } from '../testing/chain-fixture';
import { createDataTransaction } from '../tx/data-transaction';
import { LevelChainStore } from './level-chain-store';

describe('LevelChainStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mbc-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reopens to the same tree: active chain, side branch, headers-only entries, invalid blocks, txid index', async () => {
    const chain = await openFixtureChain(new LevelChainStore(dir));
    const tx = createDataTransaction(Buffer.from('persisted'));
    const main = await extend(chain, chain.tip, 5, (k) => (k === 2 ? [tx] : []));
    const [side] = await extend(chain, main[1], 1);
    const ahead = await buildBlock(main[4]);
    chain.addHeaders([ahead.header]);
    const invalid = await buildBlock(main[4], { transactions: ([cb]) => [{ ...cb, inputs: [{ ...cb.inputs[0], scriptSig: Buffer.from([0x51, 0]) }] }] });
    expect((await chain.submitBlock(invalid)).reason).toBe('bad-cb-height');
    await chain.close();

    const reopened = await openFixtureChain(new LevelChainStore(dir));
    expect(reopened.tip.hash.equals(main[4].hash)).toBe(true);
    expect(reopened.height).toBe(5);
    expect(reopened.tip.chainWork).toBe(main[4].chainWork);
    for (const e of main) expect(reopened.getEntryByHeight(e.height)!.hash.equals(e.hash)).toBe(true);
    expect(reopened.getEntry(side.hash)?.hasBlock).toBe(true);
    expect(reopened.isOnActiveChain(reopened.getEntry(side.hash)!)).toBe(false);
    expect(reopened.getEntry(blockHash(ahead.header))?.hasBlock).toBe(false);
    expect(reopened.bestHeader.height).toBe(6);
    expect(reopened.missingBlocks(10).map((e) => e.hash.toHex())).toEqual([blockHash(ahead.header).toHex()]);
    expect(reopened.isInvalid(blockHash(invalid.header))).toBe(true);
    expect((await reopened.findTransaction(txid(tx)))?.entry.height).toBe(3);
    expect((await reopened.getBlock(main[2].hash))?.transactions[1]).toEqual(tx);
    // The reopened chain keeps working.
    expect((await reopened.submitBlock(ahead)).status).toBe('connected');
    await reopened.close();
  });

  it("refuses a store holding another network's chain", async () => {
    const chain = await openFixtureChain(new LevelChainStore(dir));
    await chain.close();
    const other = customNetwork({ name: 'other', genesisBlock: genesisBlock({ time: 1, bits: 0x207fffff, nonce: 0 }) });
    const otherWithHash = { ...other, genesisHash: blockHash(other.genesisBlock.header) };
    await expect(Chain.open({ params: otherWithHash, store: new LevelChainStore(dir) })).rejects.toMatchObject({
      code: ChainErrorCode.GenesisMismatch,
    });
  });

  it('fails with a typed error when used after close', async () => {
    const store = new LevelChainStore(dir);
    await store.open();
    await store.close();
    await expect(store.getRawBlock(blockHash(genesisBlock({ time: 1, bits: 1, nonce: 1 }).header))).rejects.toMatchObject({
      code: ChainErrorCode.StoreClosed,
    });
  });
});

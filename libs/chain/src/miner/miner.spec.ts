import { Hash256, txid, type Transaction } from '@mbc/wire';

import type { Chain } from '../chain/chain';
import { medianTimePast } from '../chain/chain-entry';
import { COIN } from '../consensus/amounts';
import { Mempool } from '../mempool/mempool';
import { FIXTURE_NOW_SEC, openFixtureChain } from '../testing/chain-fixture';
import { createDataTransaction } from '../tx/data-transaction';
import { BLOCK_VERSION } from './block-template';
import { DEFAULT_PAYOUT_SCRIPT, Miner } from './miner';

describe('Miner', () => {
  let chain: Chain;
  let mempool: Mempool;

  beforeEach(async () => {
    chain = await openFixtureChain();
    mempool = new Mempool({ chain });
  });

  afterEach(async () => {
    mempool.close();
    await chain.close();
  });

  it('mines blocks Core would accept: version, time, BIP34 coinbase, subsidy, payout', async () => {
    const miner = new Miner({ chain, mempool, now: () => FIXTURE_NOW_SEC * 1000 });
    const tx = createDataTransaction(Buffer.from('mined'));
    await mempool.accept(tx);
    const [first, second] = await miner.generate(2);
    expect(chain.tip).toBe(second);
    const block = (await chain.getBlock(first.hash))!;
    expect(block.header.version).toBe(BLOCK_VERSION);
    expect(block.header.time).toBe(FIXTURE_NOW_SEC);
    expect(block.header.bits).toBe(0x207fffff);
    const coinbase = block.transactions[0];
    const script = coinbase.inputs[0].scriptSig;
    expect(script[0]).toBe(0x51); // height 1 is OP_1
    expect(script.length).toBeGreaterThanOrEqual(2);
    expect(script.length).toBeLessThanOrEqual(100);
    expect(coinbase.outputs).toEqual([{ value: 50n * COIN, scriptPubKey: DEFAULT_PAYOUT_SCRIPT }]);
    expect(block.transactions.slice(1)).toEqual([tx]);
    expect(mempool.size).toBe(0);
  });

  it('uses median time past + 1 when the clock is behind', async () => {
    const miner = new Miner({ chain, now: () => 0 });
    const [entry] = await miner.generate(1);
    expect(entry.header.time).toBe(medianTimePast(chain.genesis) + 1);
  });

  it('adds a BIP141 witness commitment only when a transaction carries a witness', async () => {
    const miner = new Miner({ chain, mempool, now: () => FIXTURE_NOW_SEC * 1000 });
    const plain = miner.createTemplate();
    expect(plain.transactions[0].outputs).toHaveLength(1);
    expect(plain.transactions[0].inputs[0].witness).toEqual([]);
    const base = createDataTransaction(Buffer.from('segwit'));
    const witnessTx: Transaction = { ...base, inputs: [{ ...base.inputs[0], witness: [Buffer.from('sig')] }] };
    await mempool.accept(witnessTx);
    const template = miner.createTemplate();
    const commitment = template.transactions[0].outputs[1].scriptPubKey;
    expect(commitment.subarray(0, 6).toString('hex')).toBe('6a24aa21a9ed');
    expect(template.transactions[0].inputs[0].witness).toEqual([Buffer.alloc(32)]);
    const [entry] = await miner.generate(1);
    expect((await chain.findTransaction(txid(witnessTx)))?.entry).toBe(entry);
  });

  it('mines in the background until stopped', async () => {
    const miner = new Miner({ chain });
    const reached = new Promise<void>((resolve, reject) => {
      miner.events.on('blockMined', ({ entry }) => entry.height >= 3 && resolve());
      miner.events.on('error', ({ error }) => reject(error));
    });
    miner.start(1);
    expect(miner.running).toBe(true);
    await reached;
    await miner.stop();
    const height = chain.height;
    expect(height).toBeGreaterThanOrEqual(3);
    expect(miner.running).toBe(false);
    // Nothing is mined after stop(): one more block mined on demand lands right on top.
    expect((await miner.generate(1))[0].height).toBe(height + 1);
  });

  it('pays a configured script', async () => {
    const payout = Buffer.concat([Buffer.from('0014', 'hex'), Hash256.fromHex('66'.repeat(32)).internal.subarray(0, 20)]);
    const miner = new Miner({ chain, payoutScript: payout });
    const [entry] = await miner.generate(1);
    expect((await chain.getBlock(entry.hash))!.transactions[0].outputs[0].scriptPubKey).toEqual(payout);
  });
});

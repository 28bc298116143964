import { Block as BitcoinJsBlock, Transaction as BitcoinJsTransaction } from 'bitcoinjs-lib';

import { encodeTransaction, txid, type Transaction } from '@mbc/wire';

import type { Chain } from '../chain/chain';
import { COIN } from '../consensus/amounts';
import { merkleRoot } from '../consensus/merkle';
import { Mempool } from '../mempool/mempool';
import { DEFAULT_PAYOUT_SCRIPT, Miner } from '../miner/miner';
import { FIXTURE_NOW_SEC, extend, openFixtureChain } from '../testing/chain-fixture';
import { DataTransactionBuilder } from '../tx/data-transaction-builder';
import { OwnCoins, type OwnCoin } from './own-coins';

const coinbaseTxid = async (chain: Chain, height: number) => txid((await chain.getBlock(chain.getEntryByHeight(height)!.hash))!.transactions[0]);
const outpointOf = (coin: OwnCoin) => `${coin.outpoint.txid.toHex()}:${coin.outpoint.index}`;
const spending = (tx: Transaction) => `${tx.inputs[0].prevout.txid.toHex()}:${tx.inputs[0].prevout.index}`;

describe('OwnCoins and funded data transactions', () => {
  let chain: Chain;
  let mempool: Mempool;
  let coins: OwnCoins;
  let builder: DataTransactionBuilder;
  let miner: Miner;

  beforeEach(async () => {
    chain = await openFixtureChain();
    mempool = new Mempool({ chain });
    coins = new OwnCoins({ chain, mempool });
    builder = new DataTransactionBuilder(coins);
    miner = new Miner({ chain, mempool, now: () => FIXTURE_NOW_SEC * 1000 });
  });

  afterEach(async () => {
    coins.close();
    mempool.close();
    await chain.close();
  });

  const send = (text: string) => builder.send(Buffer.from(text), (tx) => mempool.accept(tx));

  it('uses no immature coinbase: unfunded at height 99, the height-1 coinbase alone at height 100', async () => {
    await extend(chain, chain.tip, 99);
    expect(await coins.spendable()).toEqual([]);
    const early = await builder.build(Buffer.from('early'));
    expect(early.outputs).toHaveLength(1);
    await extend(chain, chain.tip, 1);
    const spendable = await coins.spendable();
    expect(spendable).toEqual([{ outpoint: { txid: await coinbaseTxid(chain, 1), index: 0 }, value: 50n * COIN, coinbase: true, height: 1 }]);
  });

  it('spends a mature coinbase with an empty scriptSig, change of the full value back: bytes as bitcoinjs-lib reads them', async () => {
    await extend(chain, chain.tip, 100);
    const { tx, result } = await send('hello');
    expect(result.ok).toBe(true);
    const hex = encodeTransaction(tx).toString('hex');
    const reference = BitcoinJsTransaction.fromHex(hex);
    expect(reference.toHex()).toBe(hex);
    expect(reference.getId()).toBe(txid(tx).toHex());
    expect(reference.version).toBe(2);
    expect(reference.locktime).toBe(0);
    expect(reference.ins).toHaveLength(1);
    expect(Buffer.from(reference.ins[0].hash).equals((await coinbaseTxid(chain, 1)).internal)).toBe(true);
    expect(reference.ins[0].index).toBe(0);
    expect(reference.ins[0].script).toHaveLength(0);
    expect(reference.ins[0].sequence).toBe(0xffffffff);
    expect(reference.outs.map((o) => [BigInt(o.value), Buffer.from(o.script).toString('hex')])).toEqual([
      [0n, `6a05${Buffer.from('hello').toString('hex')}`],
      [50n * COIN, DEFAULT_PAYOUT_SCRIPT.toString('hex')],
    ]);
  });

  it('chains data transactions on unconfirmed change, and mines them parent first in a block bitcoinjs-lib verifies', async () => {
    await extend(chain, chain.tip, 100);
    const sent = await Promise.all(['first', 'second', 'third'].map(send));
    expect(sent.map(({ result }) => result.ok)).toEqual([true, true, true]);
    const [first, second, third] = sent.map(({ tx }) => tx);
    expect(spending(first)).toBe(`${(await coinbaseTxid(chain, 1)).toHex()}:0`);
    expect(spending(second)).toBe(`${txid(first).toHex()}:1`);
    expect(spending(third)).toBe(`${txid(second).toHex()}:1`);

    const [entry] = await miner.generate(1);
    const raw = (await chain.getRawBlock(entry.hash))!;
    const block = (await chain.getBlock(entry.hash))!;
    expect(block.transactions.slice(1)).toEqual([first, second, third]);
    expect(block.header.merkleRoot.equals(merkleRoot(block.transactions.map(txid)))).toBe(true);
    const reference = BitcoinJsBlock.fromBuffer(raw);
    expect(reference.getId()).toBe(entry.hash.toHex());
    expect(reference.checkTxRoots()).toBe(true);
    expect(reference.transactions!.map((t) => t.getId())).toEqual(block.transactions.map((t) => txid(t).toHex()));
    // Confirmed coins come first again: the height-2 coinbase matured with this block.
    expect(spending(await builder.build(Buffer.from('next')))).toBe(`${(await coinbaseTxid(chain, 2)).toHex()}:0`);
  });

  it('starts from the recent blocks: coins they spend are not offered again', async () => {
    await extend(chain, chain.tip, 100);
    const { tx } = await send('before start');
    await miner.generate(1);
    const late = new OwnCoins({ chain, mempool });
    const offered = (await late.spendable()).map(outpointOf);
    expect(offered).not.toContain(spending(tx));
    expect(offered).toContain(`${txid(tx).toHex()}:1`);
    late.close();
  });

  it('gives coins back when a reorg disconnects the block spending them', async () => {
    await extend(chain, chain.tip, 100);
    const withoutMempool = new OwnCoins({ chain });
    await withoutMempool.spendable();
    const coin = `${(await coinbaseTxid(chain, 1)).toHex()}:0`;
    const { tx } = await send('reorged');
    const change = `${txid(tx).toHex()}:1`;
    const fork = chain.tip;
    await miner.generate(1);
    expect((await withoutMempool.spendable()).map(outpointOf)).not.toContain(coin);
    expect((await withoutMempool.spendable()).map(outpointOf)).toContain(change);

    const reorg = chain.events.next('reorg');
    await extend(chain, fork, 2);
    expect((await reorg).depth).toBe(1);
    const afterReorg = (await withoutMempool.spendable()).map(outpointOf);
    expect(afterReorg).toContain(coin);
    expect(afterReorg).not.toContain(change);
    // The transaction went back to the mempool: its input stays spent there, its change is unconfirmed.
    expect(mempool.has(txid(tx))).toBe(true);
    const withMempool = await coins.spendable();
    expect(withMempool.map(outpointOf)).not.toContain(coin);
    expect(withMempool.find((c) => outpointOf(c) === change)).toMatchObject({ height: undefined, coinbase: false, value: 50n * COIN });
    withoutMempool.close();
  });

  it('does not fund from a payout script that needs a signature', async () => {
    const keyed = new DataTransactionBuilder(new OwnCoins({ chain, payoutScript: Buffer.from('0014' + '11'.repeat(20), 'hex') }));
    expect(keyed.canFund).toBe(false);
    expect(builder.canFund).toBe(true);
    await extend(chain, chain.tip, 100);
    expect((await keyed.build(Buffer.from('x'))).outputs).toHaveLength(1);
  });
});

import { transactionLength, txid, type Transaction } from '@mbc/wire';

import { REGTEST } from '../params/networks';
import { openFixtureChain } from '../testing/chain-fixture';
import { createDataTransaction, createFundedDataTransaction } from '../tx/data-transaction';
import { createBlockTemplate } from './block-template';
import { DEFAULT_PAYOUT_SCRIPT } from './miner';
import { selectParentsFirst } from './parents-first';

const data = (text: string) => createDataTransaction(Buffer.from(text));
const childOf = (parent: Transaction, text: string) =>
  createFundedDataTransaction(Buffer.from(text), { outpoint: { txid: txid(parent), index: 1 }, value: 0n }, DEFAULT_PAYOUT_SCRIPT);
const ids = (txs: readonly Transaction[]) => txs.map((tx) => txid(tx).toHex());

describe('selectParentsFirst', () => {
  const parent = data('parent');
  const child = childOf(parent, 'child');
  const grandchild = childOf(child, 'grandchild');
  const other = data('other');

  it('keeps the priority order of independent transactions', () => {
    expect(ids(selectParentsFirst([other, parent], () => true))).toEqual(ids([other, parent]));
  });

  it('puts parents before children whatever the candidate order (a reorg re-queues parents last)', () => {
    expect(ids(selectParentsFirst([grandchild, child, other, parent], () => true))).toEqual(ids([other, parent, child, grandchild]));
  });

  it('leaves out the descendants of a transaction that does not fit', () => {
    const fits = (tx: Transaction) => tx !== child;
    expect(ids(selectParentsFirst([parent, child, grandchild, other], fits))).toEqual(ids([parent, other]));
  });

  it('orders a block template the same way', async () => {
    const chain = await openFixtureChain();
    const template = createBlockTemplate({ params: REGTEST, prev: chain.tip, candidates: [child, parent], payoutScript: DEFAULT_PAYOUT_SCRIPT, nowSec: 0 });
    expect(ids(template.transactions.slice(1))).toEqual(ids([parent, child]));
    // Room for 'other' (one byte smaller) but not for 'parent': the child goes with its parent.
    const maxWeight = transactionLength(parent) * 4 - 1;
    expect(transactionLength(other) * 4).toBeLessThanOrEqual(maxWeight);
    const tight = createBlockTemplate({ params: REGTEST, prev: chain.tip, candidates: [child, parent, other], payoutScript: DEFAULT_PAYOUT_SCRIPT, nowSec: 0, maxWeight });
    expect(ids(tight.transactions.slice(1))).toEqual(ids([other]));
    await chain.close();
  });
});

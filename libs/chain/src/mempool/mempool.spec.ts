import { Hash256, RejectCode, encodeTransaction, txid, type Transaction } from '@mbc/wire';

import type { Chain } from '../chain/chain';
import { buildBlock, openFixtureChain } from '../testing/chain-fixture';
import { createDataTransaction, createFundedDataTransaction } from '../tx/data-transaction';
import { MAX_MEMPOOL_TX_BYTES, Mempool } from './mempool';
import { MempoolRejectReason, MempoolRemovalReason } from './reject';

const data = (text: string) => createDataTransaction(Buffer.from(text));

describe('Mempool', () => {
  let chain: Chain;
  let mempool: Mempool;

  beforeEach(async () => {
    chain = await openFixtureChain();
    mempool = new Mempool({ chain, maxCount: 3, maxBytes: 100_000 });
  });

  afterEach(async () => {
    mempool.close();
    await chain.close();
  });

  it('accepts a data transaction and reports it', async () => {
    const tx = data('hello');
    const accepted = mempool.events.next('txAccepted');
    const result = await mempool.accept(tx);
    expect(result).toEqual({ ok: true, txid: txid(tx) });
    expect((await accepted).txid.equals(txid(tx))).toBe(true);
    expect(mempool.has(txid(tx))).toBe(true);
    expect(mempool.get(txid(tx))).toBe(tx);
    expect(mempool.size).toBe(1);
    expect(mempool.bytes).toBe(encodeTransaction(tx).length);
  });

  const coinbaseLike = (tx: Transaction): Transaction => ({
    ...tx,
    inputs: [{ ...tx.inputs[0], prevout: { txid: Hash256.ZERO, index: 0xffffffff }, scriptSig: Buffer.from([1, 1]) }],
  });

  it.each<[MempoolRejectReason, RejectCode, (tx: Transaction) => Transaction]>([
    [MempoolRejectReason.InputsEmpty, RejectCode.Invalid, (tx) => ({ ...tx, inputs: [] })],
    [MempoolRejectReason.OutputsEmpty, RejectCode.Invalid, (tx) => ({ ...tx, outputs: [] })],
    [MempoolRejectReason.Coinbase, RejectCode.Invalid, coinbaseLike],
    [MempoolRejectReason.Invalid, RejectCode.Invalid, (tx) => ({ ...tx, outputs: [{ value: -1n, scriptPubKey: Buffer.alloc(0) }] })],
    [
      MempoolRejectReason.TooLarge,
      RejectCode.Nonstandard,
      (tx) => ({ ...tx, outputs: [{ value: 0n, scriptPubKey: Buffer.alloc(MAX_MEMPOOL_TX_BYTES) }] }),
    ],
  ])('refuses %s with reject code %i', async (reason, code, breakIt) => {
    const result = await mempool.accept(breakIt(data(reason)));
    expect(result).toMatchObject({ ok: false, reason, rejectCode: code });
    expect(result.ok || result.message.length > 0).toBe(true);
    expect(mempool.size).toBe(0);
  });

  it('refuses bytes that do not decode as malformed (0x01)', async () => {
    const result = await mempool.acceptRaw(Buffer.from('0100000001', 'hex'));
    expect(result).toMatchObject({ ok: false, reason: MempoolRejectReason.Malformed, rejectCode: RejectCode.Malformed });
  });

  it('refuses a duplicate (0x12)', async () => {
    const tx = data('dup');
    await mempool.accept(tx);
    expect(await mempool.accept(tx)).toMatchObject({ ok: false, reason: MempoolRejectReason.AlreadyInMempool, rejectCode: RejectCode.Duplicate });
  });

  it('refuses a transaction spending an outpoint another mempool transaction spends (0x12)', async () => {
    const first = data('first');
    const second: Transaction = { ...data('second'), inputs: first.inputs };
    await mempool.accept(first);
    expect(await mempool.accept(second)).toMatchObject({ ok: false, reason: MempoolRejectReason.Conflict, rejectCode: RejectCode.Duplicate });
  });

  it('refuses a transaction confirmed on the active chain (0x12)', async () => {
    const tx = data('confirmed');
    expect((await chain.submitBlock(await buildBlock(chain.tip, { txs: [tx] }))).status).toBe('connected');
    expect(await mempool.accept(tx)).toMatchObject({ ok: false, reason: MempoolRejectReason.AlreadyConfirmed, rejectCode: RejectCode.Duplicate });
  });

  it('evicts the oldest beyond its count bound', async () => {
    const txs = ['a', 'b', 'c', 'd'].map(data);
    const removed: string[] = [];
    mempool.events.on('txRemoved', ({ txid: id, reason }) => removed.push(`${id.toHex()}:${reason}`));
    for (const tx of txs) expect((await mempool.accept(tx)).ok).toBe(true);
    expect(mempool.size).toBe(3);
    expect(mempool.entries().map((e) => e.tx)).toEqual(txs.slice(1));
    expect(removed).toEqual([`${txid(txs[0]).toHex()}:${MempoolRemovalReason.Evicted}`]);
  });

  it('evicts the oldest beyond its byte bound, and refuses what could never fit', async () => {
    const txSize = encodeTransaction(data('x')).length;
    const small = new Mempool({ chain, maxCount: 100, maxBytes: txSize * 2 });
    const txs = ['x', 'y', 'z'].map(data);
    for (const tx of txs) await small.accept(tx);
    expect(small.entries().map((e) => e.tx)).toEqual(txs.slice(1));
    expect(small.bytes).toBe(txSize * 2);
    const tooBig: Transaction = { ...data('big'), outputs: [{ value: 0n, scriptPubKey: Buffer.alloc(txSize * 2) }] };
    expect(await small.accept(tooBig)).toMatchObject({ ok: false, reason: MempoolRejectReason.MempoolFull, rejectCode: RejectCode.InsufficientFee });
    small.close();
  });

  it('evicts a transaction with its descendants, which could never be mined without it', async () => {
    const parent = data('parent');
    const child = createFundedDataTransaction(Buffer.from('child'), { outpoint: { txid: txid(parent), index: 0 }, value: 0n }, Buffer.from([0x51]));
    const unrelated = data('unrelated');
    for (const tx of [parent, child, unrelated]) expect((await mempool.accept(tx)).ok).toBe(true);
    expect(mempool.spenderOf({ txid: txid(parent), index: 0 })).toEqual(txid(child));
    const removed: string[] = [];
    mempool.events.on('txRemoved', ({ txid: id, reason }) => removed.push(`${id.toHex()}:${reason}`));
    await mempool.accept(data('newest'));
    expect(removed).toEqual([txid(parent), txid(child)].map((id) => `${id.toHex()}:${MempoolRemovalReason.Evicted}`));
    expect(mempool.entries().map((e) => e.tx)).toEqual([unrelated, expect.anything()]);
    expect(mempool.spenderOf({ txid: txid(parent), index: 0 })).toBeUndefined();
  });

  it('drops transactions confirmed in a block and those conflicting with it', async () => {
    const [kept, confirmed, conflicted] = ['kept', 'confirmed', 'conflicted'].map(data);
    for (const tx of [kept, confirmed, conflicted]) await mempool.accept(tx);
    const rival: Transaction = { ...data('rival'), inputs: conflicted.inputs };
    const removed: MempoolRemovalReason[] = [];
    mempool.events.on('txRemoved', ({ reason }) => removed.push(reason));
    await chain.submitBlock(await buildBlock(chain.tip, { txs: [confirmed, rival] }));
    expect(mempool.entries().map((e) => e.tx)).toEqual([kept]);
    expect(removed).toEqual([MempoolRemovalReason.Confirmed, MempoolRemovalReason.Conflict]);
  });
});

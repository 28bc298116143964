import { Hash256, RejectCode, blockHash, txid, type Transaction, type TxIn, type TxOut } from '@mbc/wire';

import type { Chain } from '../chain/chain';
import type { ChainEntry } from '../chain/chain-entry';
import { merkleRoot } from './merkle';
import { COIN, MAX_MONEY } from './amounts';
import { BlockRejectReason, ValidationError } from './validation-error';
import { FIXTURE_NOW_SEC, buildBlock, extend, openFixtureChain, withFailingNonce, type BlockOptions } from '../testing/chain-fixture';
import { createDataTransaction } from '../tx/data-transaction';

function withInputs(tx: Transaction, inputs: TxIn[]): Transaction {
  return { ...tx, inputs };
}

function withOutputs(tx: Transaction, outputs: TxOut[]): Transaction {
  return { ...tx, outputs };
}

const data = (text: string) => createDataTransaction(Buffer.from(text));

/** Replaces the coinbase's scriptSig. */
function coinbaseScript(script: Buffer): BlockOptions['transactions'] {
  return ([cb, ...rest]) => [withInputs(cb, [{ ...cb.inputs[0], scriptSig: script }]), ...rest];
}

describe('block validation: one reason per rule', () => {
  let chain: Chain;
  let tip: ChainEntry;
  const rejected: BlockRejectReason[] = [];

  beforeAll(async () => {
    chain = await openFixtureChain();
    chain.events.on('blockRejected', ({ reason }) => rejected.push(reason));
    // Eleven blocks so the median time past differs from the tip's time.
    [tip] = (await extend(chain, chain.tip, 11)).slice(-1);
  });

  afterAll(() => chain.close());

  async function expectRejected(options: BlockOptions, reason: BlockRejectReason, status = 'invalid') {
    const block = await buildBlock(tip, options);
    const result = await chain.submitBlock(block);
    expect(result.status).toBe(status);
    expect(result.reason).toBe(reason);
    expect(chain.tip).toBe(tip);
    return block;
  }

  it('accepts the unbroken block (control)', async () => {
    const result = await chain.submitBlock(await buildBlock(tip, { txs: [data('control')] }));
    expect(result.status).toBe('connected');
    tip = result.entry!;
  });

  it('high-hash: the hash misses the target', async () => {
    const block = await buildBlock(tip);
    const result = await chain.submitBlock({ ...block, header: withFailingNonce(block.header) });
    expect(result.reason).toBe(BlockRejectReason.HighHash);
    expect(rejected).toContain(BlockRejectReason.HighHash);
  });

  it.each([
    ['negative', 0x20800001],
    ['overflowing', 0xff123456],
    ['above the pow limit', 0x21010000],
  ])('high-hash: %s bits', async (_, bits) => {
    await expectRejected({ header: { bits }, solve: false }, BlockRejectReason.HighHash);
  });

  it('bad-diffbits: a valid but different target', async () => {
    await expectRejected({ header: { bits: 0x1f7fffff } }, BlockRejectReason.BadDiffBits);
  });

  it('prev-blk-not-found: unknown parent is an orphan', async () => {
    await expectRejected({ header: { prevBlock: Hash256.fromHex('11'.repeat(32)) } }, BlockRejectReason.PrevBlockNotFound, 'orphan');
  });

  it('bad-prevblk: a child of an invalid block', async () => {
    const bad = await buildBlock(tip, { transactions: coinbaseScript(Buffer.from([0x51, 0x52])) });
    expect((await chain.submitBlock(bad)).reason).toBe(BlockRejectReason.CoinbaseHeight);
    const badEntry = chain.getEntry(blockHash(bad.header))!;
    const child = await buildBlock(badEntry);
    const result = await chain.submitBlock(child);
    expect(result.reason).toBe(BlockRejectReason.BadPrevBlock);
    expect(chain.addHeaders([child.header]).error?.code).toBe(BlockRejectReason.BadPrevBlock);
  });

  it('time-too-old: time equal to the median time past', async () => {
    let median = tip;
    for (let k = 0; k < 5; k++) median = median.prev!;
    await expectRejected({ header: { time: median.header.time } }, BlockRejectReason.TimeTooOld);
  });

  it('time-too-new: more than two hours ahead of now', async () => {
    await expectRejected({ header: { time: FIXTURE_NOW_SEC + 2 * 3600 + 1 } }, BlockRejectReason.TimeTooNew);
  });

  it('accepts a time exactly two hours ahead', async () => {
    const block = await buildBlock(tip, { header: { time: FIXTURE_NOW_SEC + 2 * 3600 } });
    expect(chain.addHeaders([block.header]).error).toBeUndefined();
  });

  it('bad-version: version 3 once BIP65 is active (regtest height 1)', async () => {
    await expectRejected({ header: { version: 3 } }, BlockRejectReason.BadVersion);
  });

  it('bad-txnmrklroot: merkle root does not match', async () => {
    await expectRejected({ header: { merkleRoot: Hash256.fromHex('22'.repeat(32)) } }, BlockRejectReason.BadMerkleRoot);
  });

  it('bad-txns-duplicate: CVE-2012-2459, the last transaction repeated keeps the merkle root', async () => {
    const [a, b] = [data('a'), data('b')];
    const block = await expectRejected(
      { txs: [a, b], transactions: (t) => [...t, b], keepMerkleRoot: true },
      BlockRejectReason.DuplicateTransaction,
    );
    expect(block.header.merkleRoot.equals(merkleRoot(block.transactions.slice(0, 3).map(txid)))).toBe(true);
    expect(block.header.merkleRoot.equals(merkleRoot(block.transactions.map(txid)))).toBe(true);
  });

  it('a mutated block does not poison its header: the real block still connects', async () => {
    const block = await buildBlock(tip, { txs: [data('real'), data('real 2')] });
    const [coinbase, real, real2] = block.transactions;
    const padded = { ...real, inputs: [{ ...real.inputs[0], witness: [Buffer.alloc(4_000_000)] }] };
    const mutations: [BlockRejectReason, typeof block.transactions][] = [
      [BlockRejectReason.BadMerkleRoot, [coinbase]],
      [BlockRejectReason.DuplicateTransaction, [coinbase, real, real2, real2]],
      [BlockRejectReason.BadBlockLength, []],
      [BlockRejectReason.BadBlockWeight, [coinbase, padded, real2]],
    ];
    for (const [reason, transactions] of mutations) {
      expect((await chain.submitBlock({ ...block, transactions })).reason).toBe(reason);
      expect(chain.isInvalid(blockHash(block.header))).toBe(false);
    }
    const result = await chain.submitBlock(block);
    expect(result.status).toBe('connected');
    tip = result.entry!;
  });

  it('bad-blk-length: no transactions', async () => {
    await expectRejected({ transactions: () => [] }, BlockRejectReason.BadBlockLength);
  });

  it('bad-blk-length: stripped size above 1,000,000 bytes (weight 4,000,000)', async () => {
    const big = withOutputs(data('big'), [{ value: 0n, scriptPubKey: Buffer.alloc(1_000_001, 0x6a) }]);
    // Passed as the block's transactions: a template would leave out what doesn't fit.
    await expectRejected({ transactions: (t) => [...t, big] }, BlockRejectReason.BadBlockLength);
  });

  it('bad-blk-weight: witness data pushing the weight above 4,000,000', async () => {
    const stripped = withOutputs(data('w'), [{ value: 0n, scriptPubKey: Buffer.alloc(900_000, 0x6a) }]);
    const witnessy = withInputs(stripped, [{ ...stripped.inputs[0], witness: [Buffer.alloc(1_400_000)] }]);
    await expectRejected({ transactions: (t) => [...t, witnessy] }, BlockRejectReason.BadBlockWeight);
  });

  it('bad-cb-missing: the first transaction is not a coinbase', async () => {
    await expectRejected({ transactions: ([, ...rest]) => rest, txs: [data('x')] }, BlockRejectReason.CoinbaseMissing);
  });

  it('bad-cb-multiple: a second coinbase', async () => {
    await expectRejected({ transactions: ([cb]) => [cb, { ...cb, lockTime: 1 }] }, BlockRejectReason.CoinbaseMultiple);
  });

  it.each([
    ['1 byte', Buffer.from([0x5d])],
    ['101 bytes', Buffer.concat([Buffer.from([0x5d]), Buffer.alloc(100)])],
  ])('bad-cb-length: coinbase scriptSig of %s', async (_, script) => {
    await expectRejected({ transactions: coinbaseScript(script) }, BlockRejectReason.CoinbaseLength);
  });

  it('bad-cb-height: coinbase starting with another height', async () => {
    // The next height is 14 (OP_14 = 0x5e); OP_13 is the previous height.
    expect(tip.height + 1).toBe(14);
    await expectRejected({ transactions: coinbaseScript(Buffer.from([0x5d, 0x00])) }, BlockRejectReason.CoinbaseHeight);
  });

  it('bad-cb-amount: one satoshi above the subsidy', async () => {
    await expectRejected(
      { transactions: ([cb, ...rest]) => [withOutputs(cb, [{ ...cb.outputs[0], value: 50n * COIN + 1n }]), ...rest] },
      BlockRejectReason.CoinbaseAmount,
    );
  });

  const txRules: [BlockRejectReason, (tx: Transaction) => Transaction][] = [
    [BlockRejectReason.InputsEmpty, (tx) => withInputs(tx, [])],
    [BlockRejectReason.OutputsEmpty, (tx) => withOutputs(tx, [])],
    [BlockRejectReason.OutputNegative, (tx) => withOutputs(tx, [{ value: -1n, scriptPubKey: Buffer.alloc(0) }])],
    [BlockRejectReason.OutputTooLarge, (tx) => withOutputs(tx, [{ value: MAX_MONEY + 1n, scriptPubKey: Buffer.alloc(0) }])],
    [
      BlockRejectReason.OutputTotalTooLarge,
      (tx) => withOutputs(tx, [{ value: MAX_MONEY, scriptPubKey: Buffer.alloc(0) }, { value: 1n, scriptPubKey: Buffer.alloc(0) }]),
    ],
    [BlockRejectReason.InputsDuplicate, (tx) => withInputs(tx, [tx.inputs[0], tx.inputs[0]])],
    [
      BlockRejectReason.PrevoutNull,
      (tx) => withInputs(tx, [tx.inputs[0], { ...tx.inputs[0], prevout: { txid: Hash256.ZERO, index: 0xffffffff } }]),
    ],
  ];

  it.each(txRules)('%s: a transaction breaking it', async (reason, breakIt) => {
    await expectRejected({ txs: [breakIt(data(reason))] }, reason);
  });

  it('bad-txns-BIP30: a transaction already confirmed on the active chain', async () => {
    const tx = data('once');
    const first = await chain.submitBlock(await buildBlock(tip, { txs: [tx] }));
    expect(first.status).toBe('connected');
    tip = first.entry!;
    await expectRejected({ txs: [tx] }, BlockRejectReason.TransactionAlreadyConfirmed);
  });

  it('ValidationError carries its code and a reject code', () => {
    const error = new ValidationError(BlockRejectReason.HighHash, 'x');
    expect(error.code).toBe('high-hash');
    expect(error.rejectCode).toBe(RejectCode.Invalid);
  });
});

describe('subsidy halving on regtest', () => {
  it('pays 25 BTC from height 150 and refuses 50', async () => {
    const chain = await openFixtureChain();
    const [tip] = (await extend(chain, chain.tip, 149)).slice(-1);
    const overpaid = await buildBlock(tip, {
      transactions: ([cb, ...rest]) => [withOutputs(cb, [{ ...cb.outputs[0], value: 50n * COIN }]), ...rest],
    });
    expect((await chain.submitBlock(overpaid)).reason).toBe(BlockRejectReason.CoinbaseAmount);
    const fair = await buildBlock(tip);
    expect(fair.transactions[0].outputs[0].value).toBe(25n * COIN);
    expect((await chain.submitBlock(fair)).status).toBe('connected');
    await chain.close();
  });
});

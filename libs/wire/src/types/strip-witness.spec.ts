import { Hash256, blockLength, encodeBlock, encodeTransaction, hasWitness, stripBlockWitness, stripWitness, txid, wtxid, type Block, type Transaction } from '@mbc/wire';

const legacy: Transaction = {
  version: 1,
  inputs: [{ prevout: { txid: Hash256.ZERO, index: 0xffffffff }, scriptSig: Buffer.from('0151', 'hex'), sequence: 0xffffffff, witness: [] }],
  outputs: [{ value: 50n, scriptPubKey: Buffer.from('51', 'hex') }],
  lockTime: 0,
};
const segwit: Transaction = {
  version: 2,
  inputs: [{ prevout: { txid: Hash256.of(Buffer.from('prev')), index: 1 }, scriptSig: Buffer.alloc(0), sequence: 0xfffffffd, witness: [Buffer.alloc(72, 1), Buffer.alloc(33, 2)] }],
  outputs: [{ value: 1_000n, scriptPubKey: Buffer.from('0014' + '11'.repeat(20), 'hex') }],
  lockTime: 7,
};

describe('stripWitness / stripBlockWitness', () => {
  it('drops every witness stack, keeping the txid and the legacy serialization', () => {
    const stripped = stripWitness(segwit);
    expect(hasWitness(stripped)).toBe(false);
    expect(encodeTransaction(stripped)).toEqual(encodeTransaction(segwit, false));
    expect(txid(stripped).equals(txid(segwit))).toBe(true);
    expect(wtxid(segwit).equals(txid(segwit))).toBe(false);
    // The original keeps its witness.
    expect(hasWitness(segwit)).toBe(true);
  });

  it('returns transactions and blocks without witness unchanged (same bytes for MSG_BLOCK and MSG_WITNESS_BLOCK)', () => {
    expect(stripWitness(legacy)).toBe(legacy);
    const block: Block = { header: { version: 1, prevBlock: Hash256.ZERO, merkleRoot: txid(legacy), time: 0, bits: 0x207fffff, nonce: 0 }, transactions: [legacy] };
    expect(stripBlockWitness(block)).toBe(block);
  });

  it('strips only the witness bytes of a block', () => {
    const block: Block = { header: { version: 1, prevBlock: Hash256.ZERO, merkleRoot: Hash256.ZERO, time: 0, bits: 0x207fffff, nonce: 0 }, transactions: [legacy, segwit] };
    const stripped = stripBlockWitness(block);
    const witnessBytes = encodeTransaction(segwit).length - encodeTransaction(segwit, false).length;
    expect(blockLength(stripped)).toBe(blockLength(block) - witnessBytes);
    expect(encodeBlock(stripped).subarray(0, 80)).toEqual(encodeBlock(block).subarray(0, 80));
    expect(stripped.transactions[0]).toBe(legacy);
  });
});

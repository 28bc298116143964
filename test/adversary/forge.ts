import { randomBytes } from 'node:crypto';

import { Block, BlockHeader, Hash256, Transaction, blockHash } from '@mbc/wire';

/** Regtest bits (0x207fffff) and the target they encode: mantissa 0x7fffff · 256^(0x20 − 3). */
export const REGTEST_BITS = 0x207fffff;
const REGTEST_TARGET = 0x7fffffn << 232n;

function meetsTarget(header: BlockHeader): boolean {
  return BigInt(`0x${blockHash(header).toHex()}`) <= REGTEST_TARGET;
}

/** Grinds the nonce until the header's proof of work is valid (valid = true) or invalid. */
function grind(header: Omit<BlockHeader, 'nonce'>, valid: boolean): BlockHeader {
  for (let nonce = 0; ; nonce++) {
    const candidate = { ...header, nonce };
    if (meetsTarget(candidate) === valid) return candidate;
  }
}

function baseHeader(prevBlock: Hash256, merkleRoot: Hash256 = Hash256.fromInternal(randomBytes(32))): Omit<BlockHeader, 'nonce'> {
  return { version: 0x20000000, prevBlock, merkleRoot, time: Math.floor(Date.now() / 1000), bits: REGTEST_BITS };
}

/** A header with valid work on top of `prev`. */
export function validHeader(prev: Hash256, merkleRoot?: Hash256): BlockHeader {
  return grind(baseHeader(prev, merkleRoot), true);
}

/** A header linking to `prev` whose hash is above the target (Core: "high-hash", score 100). */
export function invalidPowHeader(prev: Hash256): BlockHeader {
  return grind(baseHeader(prev), false);
}

/** A chain of valid headers whose first parent nobody knows: "unconnecting headers". */
export function unconnectingHeaders(count: number): BlockHeader[] {
  const headers: BlockHeader[] = [];
  let prev = Hash256.fromInternal(randomBytes(32));
  for (let k = 0; k < count; k++) {
    const header = validHeader(prev);
    headers.push(header);
    prev = blockHash(header);
  }
  return headers;
}

/** BIP34 coinbase: scriptSig starts with the height push; pays 50 BTC to OP_TRUE. */
export function coinbase(height: number): Transaction {
  const heightBytes = Buffer.alloc(4);
  heightBytes.writeUInt32LE(height);
  let length = 4;
  while (length > 1 && heightBytes[length - 1] === 0 && (heightBytes[length - 2] & 0x80) === 0) length--;
  const scriptSig = Buffer.concat([Buffer.from([length]), heightBytes.subarray(0, length), Buffer.from('6d6263', 'hex')]);
  return {
    version: 1,
    inputs: [{ prevout: { txid: Hash256.ZERO, index: 0xffffffff }, scriptSig, sequence: 0xffffffff, witness: [] }],
    outputs: [{ value: 50n * 100_000_000n, scriptPubKey: Buffer.from([0x51]) }],
    lockTime: 0,
  };
}

/** A block on top of the tip with valid work but a merkle root that doesn't match its transactions. */
export function badMerkleRootBlock(tip: Hash256, height: number): Block {
  return { header: validHeader(tip, Hash256.fromInternal(randomBytes(32))), transactions: [coinbase(height)] };
}

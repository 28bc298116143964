import { Hash256, hash256, wtxid, type Transaction } from '@mbc/wire';

import { merkleRoot } from '../consensus/merkle';
import { Opcode } from '../script/script-builder';

/** BIP141 commitment header: OP_RETURN, push 36, 0xaa21a9ed. */
const COMMITMENT_PREFIX = Buffer.from([Opcode.OP_RETURN, 0x24, 0xaa, 0x21, 0xa9, 0xed]);
/** The coinbase witness reserved value (all zero, as Core's miner uses). */
export const WITNESS_RESERVED_VALUE = Buffer.alloc(32);

/**
 * The coinbase output committing to the witness merkle root (GenerateCoinbaseCommitment):
 * Core requires it when any transaction of the block has witness data, and only then.
 */
export function witnessCommitmentScript(transactions: readonly Transaction[]): Buffer {
  // The coinbase's wtxid counts as zero in the witness tree.
  const root = merkleRoot([Hash256.ZERO, ...transactions.slice(1).map(wtxid)]);
  const commitment = hash256(Buffer.concat([root.internal, WITNESS_RESERVED_VALUE]));
  return Buffer.concat([COMMITMENT_PREFIX, commitment]);
}

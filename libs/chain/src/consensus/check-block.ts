import { blockLength, hasWitness, transactionLength, type Block, type Hash256 } from '@mbc/wire';

import type { NetworkParams } from '../params/network-params';
import { pushNumber } from '../script/script-builder';
import { blockSubsidy } from './amounts';
import { isCoinbase } from './coinbase';
import { checkTransaction } from './check-transaction';
import { merkleRoot } from './merkle';
import { BlockRejectReason, ValidationError } from './validation-error';

/** MAX_BLOCK_WEIGHT (consensus.h); weight = stripped size · 3 + total size (BIP141). */
export const MAX_BLOCK_WEIGHT = 4_000_000;
const WITNESS_SCALE_FACTOR = 4;

/**
 * CheckBlock + ContextualCheckBlock for a block at `height` whose header is already valid.
 * `txids` are the block's txids in order (computed once by the caller). Returns the error and
 * whether it is a "mutation" — a body that doesn't match its header, which says nothing about
 * the header (Core's BLOCK_MUTATED: the header is not marked invalid). The merkle root is checked
 * first, so every later non-mutation failure is committed to by the header itself.
 */
export function checkBlock(
  block: Block,
  txids: readonly Hash256[],
  height: number,
  params: NetworkParams,
): { error: ValidationError; mutated: boolean } | undefined {
  const txs = block.transactions;
  // An empty body cannot match a real header's merkle root: a mutation, not a verdict on the header.
  if (txs.length === 0) return mutated(BlockRejectReason.BadBlockLength, 'block has no transactions');
  if (!merkleRoot(txids).equals(block.header.merkleRoot)) {
    return mutated(BlockRejectReason.BadMerkleRoot, 'merkle root does not match the transactions');
  }
  const seen = new Set<string>();
  for (const id of txids) {
    const key = id.toKey();
    if (seen.has(key)) return mutated(BlockRejectReason.DuplicateTransaction, `transaction ${id.toHex()} appears twice`);
    seen.add(key);
  }
  const total = blockLength(block);
  const witnessBytes = txs.reduce((n, tx) => (hasWitness(tx) ? n + transactionLength(tx, true) - transactionLength(tx, false) : n), 0);
  const stripped = total - witnessBytes;
  if (txs.length * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT || stripped * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
    return invalid(BlockRejectReason.BadBlockLength, `stripped size ${stripped} exceeds ${MAX_BLOCK_WEIGHT / WITNESS_SCALE_FACTOR}`);
  }
  const weight = stripped * (WITNESS_SCALE_FACTOR - 1) + total;
  // Witness data is outside the merkle root (and we don't check witness commitments), so an
  // overweight body may be someone's padding of a valid block: don't condemn the header.
  if (weight > MAX_BLOCK_WEIGHT) return mutated(BlockRejectReason.BadBlockWeight, `weight ${weight} exceeds ${MAX_BLOCK_WEIGHT}`);

  if (!isCoinbase(txs[0])) return invalid(BlockRejectReason.CoinbaseMissing, 'first transaction is not a coinbase');
  for (let k = 1; k < txs.length; k++) {
    if (isCoinbase(txs[k])) return invalid(BlockRejectReason.CoinbaseMultiple, `transaction ${k} is a second coinbase`);
  }
  for (const tx of txs) {
    const error = checkTransaction(tx);
    if (error) return { error, mutated: false };
  }
  const coinbase = txs[0];
  if (height >= params.bip34Height) {
    const expected = pushNumber(height);
    const script = coinbase.inputs[0].scriptSig;
    if (script.length < expected.length || !script.subarray(0, expected.length).equals(expected)) {
      return invalid(BlockRejectReason.CoinbaseHeight, `coinbase does not start with the height ${height} push`);
    }
  }
  const paid = coinbase.outputs.reduce((sum, o) => sum + o.value, 0n);
  const subsidy = blockSubsidy(height, params);
  if (paid > subsidy) return invalid(BlockRejectReason.CoinbaseAmount, `coinbase pays ${paid}, limit ${subsidy}`);
  return undefined;
}

function invalid(code: BlockRejectReason, detail: string) {
  return { error: new ValidationError(code, detail), mutated: false };
}

function mutated(code: BlockRejectReason, detail: string) {
  return { error: new ValidationError(code, detail), mutated: true };
}

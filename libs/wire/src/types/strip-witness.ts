import { TXIDS } from './hash-memo';
import type { Block } from './block';
import { hasWitness, txid, type Transaction } from './transaction';

/**
 * The transaction as a peer without witness support sees it (Core's TX_NO_WITNESS serialization,
 * sent for MSG_TX): every witness stack dropped. A transaction without witness is returned as is.
 * The txid is unchanged by definition, so it is carried over instead of being recomputed.
 */
export function stripWitness(tx: Transaction): Transaction {
  if (!hasWitness(tx)) return tx;
  const stripped: Transaction = { ...tx, inputs: tx.inputs.map((input) => ({ ...input, witness: [] })) };
  TXIDS.remember(stripped, txid(tx));
  return stripped;
}

/** The block served for MSG_BLOCK (legacy serialization); the same object when no transaction has a witness. */
export function stripBlockWitness(block: Block): Block {
  if (!block.transactions.some(hasWitness)) return block;
  return { header: block.header, transactions: block.transactions.map(stripWitness) };
}

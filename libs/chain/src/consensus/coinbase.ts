import type { Transaction } from '@mbc/wire';

export const NULL_INDEX = 0xffffffff;

/** CTransaction::IsCoinBase: one input spending the null outpoint (zero hash, index 0xffffffff). */
export function isCoinbase(tx: Transaction): boolean {
  if (tx.inputs.length !== 1) return false;
  const prevout = tx.inputs[0].prevout;
  return prevout.index === NULL_INDEX && prevout.txid.isZero();
}

import type { Transaction } from '@mbc/wire';

import { MAX_MONEY } from './amounts';
import { isCoinbase, NULL_INDEX } from './coinbase';
import { BlockRejectReason, ValidationError } from './validation-error';

/** Coinbase scriptSig bounds (tx_check.cpp: "bad-cb-length"). */
export const MIN_COINBASE_SCRIPT_BYTES = 2;
export const MAX_COINBASE_SCRIPT_BYTES = 100;

/**
 * CheckTransaction (consensus/tx_check.cpp): the context-free rules. Without a UTXO set there is
 * nothing more to check for a spend; scripts are not run.
 */
export function checkTransaction(tx: Transaction): ValidationError | undefined {
  if (tx.inputs.length === 0) return new ValidationError(BlockRejectReason.InputsEmpty, 'transaction has no inputs');
  if (tx.outputs.length === 0) return new ValidationError(BlockRejectReason.OutputsEmpty, 'transaction has no outputs');
  let total = 0n;
  for (const output of tx.outputs) {
    if (output.value < 0n) return new ValidationError(BlockRejectReason.OutputNegative, `output value ${output.value}`);
    if (output.value > MAX_MONEY) return new ValidationError(BlockRejectReason.OutputTooLarge, `output value ${output.value}`);
    total += output.value;
    if (total > MAX_MONEY) return new ValidationError(BlockRejectReason.OutputTotalTooLarge, `outputs total ${total}`);
  }
  if (tx.inputs.length > 1) {
    const seen = new Set<string>();
    for (const input of tx.inputs) {
      const key = `${input.prevout.txid.toKey()}:${input.prevout.index}`;
      if (seen.has(key)) return new ValidationError(BlockRejectReason.InputsDuplicate, `outpoint ${key} spent twice`);
      seen.add(key);
    }
  }
  if (isCoinbase(tx)) {
    const length = tx.inputs[0].scriptSig.length;
    if (length < MIN_COINBASE_SCRIPT_BYTES || length > MAX_COINBASE_SCRIPT_BYTES) {
      return new ValidationError(BlockRejectReason.CoinbaseLength, `coinbase scriptSig is ${length} bytes`);
    }
  } else {
    for (const input of tx.inputs) {
      if (input.prevout.index === NULL_INDEX && input.prevout.txid.isZero()) {
        return new ValidationError(BlockRejectReason.PrevoutNull, 'non-coinbase input spends the null outpoint');
      }
    }
  }
  return undefined;
}

import { MAX_BLOCK_SERIALIZED_BYTES } from '../primitives/limits';
import { readTransaction, transactionLength, writeTransaction } from '../types/transaction';
import type { MessageCodec } from './codec';
import type { MessageOf } from './types';

/** tx: one transaction, legacy or BIP144 segwit; no transaction can outgrow the block holding it. */
export const txCodec: MessageCodec<MessageOf<'tx'>> = {
  command: 'tx',
  maxPayloadBytes: MAX_BLOCK_SERIALIZED_BYTES,
  payloadLength: (msg) => transactionLength(msg.tx),
  write: (w, msg) => writeTransaction(w, msg.tx),
  read: (r) => ({ command: 'tx', tx: readTransaction(r) }),
};

import type { MessageCodec } from './codec';
import type { MessageOf } from './types';

/** feefilter (BIP133): int64 minimum fee rate, satoshis per 1000 bytes, for transactions to announce. */
export const feefilterCodec: MessageCodec<MessageOf<'feefilter'>> = {
  command: 'feefilter',
  maxPayloadBytes: 8,
  payloadLength: () => 8,
  write: (w, msg) => void w.i64le(msg.feeRate),
  read: (r) => ({ command: 'feefilter', feeRate: r.i64le() }),
};

import type { MessageCodec } from './codec';
import type { MessageOf } from './types';

/** sendcmpct (BIP152): bool high-bandwidth announce mode and uint64 compact-block version. */
export const sendcmpctCodec: MessageCodec<MessageOf<'sendcmpct'>> = {
  command: 'sendcmpct',
  maxPayloadBytes: 9,
  payloadLength: () => 9,
  write: (w, msg) => void w.bool(msg.announce).u64le(msg.version),
  read: (r) => ({ command: 'sendcmpct', announce: r.bool(), version: r.u64le() }),
};

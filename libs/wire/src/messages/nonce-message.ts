import type { MessageCodec } from './codec';
import type { NonceMessage } from './types';

/** ping and pong carry one uint64 nonce (BIP31: the pong echoes the ping's nonce). */
export function nonceMessageCodec<C extends 'ping' | 'pong'>(command: C): MessageCodec<NonceMessage<C>> {
  return {
    command,
    maxPayloadBytes: 8,
    payloadLength: () => 8,
    write: (w, msg) => void w.u64le(msg.nonce),
    read: (r) => ({ command, nonce: r.u64le() }),
  };
}

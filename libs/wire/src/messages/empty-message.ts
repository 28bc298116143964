import type { MessageCodec } from './codec';
import type { EmptyMessage } from './types';

/** Commands whose payload is empty: their presence is the whole message. */
export type EmptyCommand = 'verack' | 'getaddr' | 'mempool' | 'sendheaders' | 'wtxidrelay' | 'sendaddrv2';

/** A codec for a message with an empty payload; any payload byte is refused as trailing. */
export function emptyMessageCodec<C extends EmptyCommand>(command: C): MessageCodec<EmptyMessage<C>> {
  const message: EmptyMessage<C> = Object.freeze({ command });
  return {
    command,
    maxPayloadBytes: 0,
    payloadLength: () => 0,
    write: () => undefined,
    read: () => message,
  };
}

import { MAX_BLOCK_SERIALIZED_BYTES } from '../primitives/limits';
import { blockLength, readBlock, writeBlock } from '../types/block';
import type { MessageCodec } from './codec';
import type { MessageOf } from './types';

/** block: one serialized block, at most MAX_BLOCK_SERIALIZED_SIZE (4,000,000) bytes. */
export const blockCodec: MessageCodec<MessageOf<'block'>> = {
  command: 'block',
  maxPayloadBytes: MAX_BLOCK_SERIALIZED_BYTES,
  payloadLength: (msg) => blockLength(msg.block),
  write: (w, msg) => writeBlock(w, msg.block),
  read: (r) => ({ command: 'block', block: readBlock(r) }),
};

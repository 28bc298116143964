import { WireError, WireErrorCode } from '../errors';
import { MAX_HEADERS_PER_MSG } from '../primitives/limits';
import { compactSizeLength } from '../primitives/writer';
import { BLOCK_HEADER_BYTES, type BlockHeader, readBlockHeader, writeBlockHeader } from '../types/block-header';
import { type MessageCodec, checkCount } from './codec';
import type { MessageOf } from './types';

/** Each header is followed by a CompactSize transaction count, always 0 (one byte). */
const HEADER_ENTRY_BYTES = BLOCK_HEADER_BYTES + 1;

/**
 * headers: up to 2,000 block headers (Core MAX_HEADERS_RESULTS). Core ignores the per-header tx
 * count; like btcd we refuse a non-zero one, since a header message cannot carry transactions.
 */
export const headersCodec: MessageCodec<MessageOf<'headers'>> = {
  command: 'headers',
  maxPayloadBytes: compactSizeLength(MAX_HEADERS_PER_MSG) + MAX_HEADERS_PER_MSG * HEADER_ENTRY_BYTES,
  payloadLength: (msg) => {
    checkCount(msg.headers.length, MAX_HEADERS_PER_MSG, 'headers');
    return compactSizeLength(msg.headers.length) + msg.headers.length * HEADER_ENTRY_BYTES;
  },
  write: (w, msg) => {
    w.compactSize(msg.headers.length);
    for (const h of msg.headers) {
      writeBlockHeader(w, h);
      w.u8(0);
    }
  },
  read: (r) => {
    const count = r.count(MAX_HEADERS_PER_MSG, HEADER_ENTRY_BYTES);
    const headers: BlockHeader[] = new Array(count);
    for (let k = 0; k < count; k++) {
      headers[k] = readBlockHeader(r);
      const txCount = r.compactSize();
      if (txCount !== 0) {
        throw new WireError(WireErrorCode.InvalidValue, `header ${k} declares ${txCount} transactions, must be 0`);
      }
    }
    return { command: 'headers', headers };
  },
};

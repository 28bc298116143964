import { HASH_BYTES, type Hash256 } from '../primitives/hash';
import { MAX_LOCATOR_HASHES } from '../primitives/limits';
import { compactSizeLength } from '../primitives/writer';
import { type MessageCodec, checkCount } from './codec';
import type { LocatorMessage } from './types';

/**
 * getheaders and getblocks: uint32 version, a block locator of up to 101 hashes (Core
 * MAX_LOCATOR_SZ; a longer one gets the peer disconnected) and a stop hash.
 */
export function locatorMessageCodec<C extends 'getheaders' | 'getblocks'>(command: C): MessageCodec<LocatorMessage<C>> {
  return {
    command,
    maxPayloadBytes: 4 + compactSizeLength(MAX_LOCATOR_HASHES) + (MAX_LOCATOR_HASHES + 1) * HASH_BYTES,
    payloadLength: (msg) => {
      checkCount(msg.locator.length, MAX_LOCATOR_HASHES, 'locator hashes');
      return 4 + compactSizeLength(msg.locator.length) + (msg.locator.length + 1) * HASH_BYTES;
    },
    write: (w, msg) => {
      w.u32le(msg.version).compactSize(msg.locator.length);
      for (const h of msg.locator) w.hash(h);
      w.hash(msg.hashStop);
    },
    read: (r) => {
      const version = r.u32le();
      const count = r.count(MAX_LOCATOR_HASHES, HASH_BYTES);
      const locator: Hash256[] = new Array(count);
      for (let k = 0; k < count; k++) locator[k] = r.hash();
      return { command, version, locator, hashStop: r.hash() };
    },
  };
}

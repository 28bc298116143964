import { BLOCK_HEADER_BYTES, Hash256 } from '@mbc/wire';

import { ChainError, ChainErrorCode } from '../errors';
import type { IndexedEntry, StoredEntry, TxLocation } from './chain-store';

/**
 * Key layout (one LevelDB namespace per leading byte):
 *   'e' height(u32 BE) hash(32) → height(u32 BE) hash(32) header(80) flags(1)   tree entries
 *   'b' hash(32)                → raw block
 *   't' txid(32)                → block hash(32) index(u32 LE)   active-chain txid index
 *   'T'                         → tip hash(32)
 * Entries sort by height so reopening rebuilds the tree parents-first in one sequential scan of
 * values only (the value repeats the key), and carry their hash so nothing is re-hashed on open.
 */
export const ENTRY_PREFIX = 0x65; // 'e'
const BLOCK_PREFIX = 0x62; // 'b'
const TX_PREFIX = 0x74; // 't'
export const TIP_KEY = Buffer.from('T');

const FLAG_HAS_BLOCK = 1;
const FLAG_INVALID = 2;
const ENTRY_KEY_BYTES = 1 + 4 + 32;
const HEADER_AT = 4 + 32;
const FLAGS_AT = HEADER_AT + BLOCK_HEADER_BYTES;
const ENTRY_VALUE_BYTES = FLAGS_AT + 1;

export function entryKey(height: number, hash: Hash256): Buffer {
  const key = Buffer.allocUnsafe(ENTRY_KEY_BYTES);
  key[0] = ENTRY_PREFIX;
  key.writeUInt32BE(height, 1);
  hash.internal.copy(key, 5);
  return key;
}

export function entryValue(entry: StoredEntry): Buffer {
  const value = Buffer.allocUnsafe(ENTRY_VALUE_BYTES);
  value.writeUInt32BE(entry.height, 0);
  entry.hash.internal.copy(value, 4);
  entry.rawHeader.copy(value, HEADER_AT);
  value[FLAGS_AT] = (entry.hasBlock ? FLAG_HAS_BLOCK : 0) | (entry.invalid ? FLAG_INVALID : 0);
  return value;
}

export function decodeEntry(value: Buffer): IndexedEntry {
  if (value.length !== ENTRY_VALUE_BYTES) {
    throw new ChainError(ChainErrorCode.StoreCorrupt, `entry record of ${value.length} bytes`);
  }
  const flags = value[FLAGS_AT];
  return {
    height: value.readUInt32BE(0),
    hashKey: value.toString('latin1', 4, HEADER_AT),
    rawHeader: value.subarray(HEADER_AT, FLAGS_AT),
    hasBlock: (flags & FLAG_HAS_BLOCK) !== 0,
    invalid: (flags & FLAG_INVALID) !== 0,
  };
}

export function blockKey(hash: Hash256): Buffer {
  return prefixed(BLOCK_PREFIX, hash);
}

export function txKey(txid: Hash256): Buffer {
  return prefixed(TX_PREFIX, txid);
}

export function txLocationValue(blockHash: Hash256, index: number): Buffer {
  const value = Buffer.allocUnsafe(36);
  blockHash.internal.copy(value, 0);
  value.writeUInt32LE(index, 32);
  return value;
}

export function decodeTxLocation(value: Buffer): TxLocation {
  if (value.length !== 36) throw new ChainError(ChainErrorCode.StoreCorrupt, `tx location of ${value.length} bytes`);
  return { blockHash: Hash256.fromInternal(value.subarray(0, 32)), index: value.readUInt32LE(32) };
}

function prefixed(prefix: number, hash: Hash256): Buffer {
  const key = Buffer.allocUnsafe(33);
  key[0] = prefix;
  hash.internal.copy(key, 1);
  return key;
}

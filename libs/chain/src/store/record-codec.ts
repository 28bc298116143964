import { BLOCK_HEADER_BYTES, Hash256 } from '@mbc/wire';

import { ChainError, ChainErrorCode } from '../errors';
import type { StoredEntry, TxLocation } from './chain-store';

/**
 * Key layout (one LevelDB namespace per leading byte):
 *   'e' height(u32 BE) hash(32) → header(80) flags(1)   tree entries, iterated in height order
 *   'b' hash(32)                → raw block
 *   't' txid(32)                → block hash(32) index(u32 LE)   active-chain txid index
 *   'T'                         → tip hash(32)
 * Entries sort by height so reopening rebuilds the tree parents-first in one sequential scan,
 * and carry their hash so nothing is re-hashed on open.
 */
export const ENTRY_PREFIX = 0x65; // 'e'
const BLOCK_PREFIX = 0x62; // 'b'
const TX_PREFIX = 0x74; // 't'
export const TIP_KEY = Buffer.from('T');

const FLAG_HAS_BLOCK = 1;
const FLAG_INVALID = 2;
const ENTRY_KEY_BYTES = 1 + 4 + 32;
const ENTRY_VALUE_BYTES = BLOCK_HEADER_BYTES + 1;

export function entryKey(height: number, hash: Hash256): Buffer {
  const key = Buffer.allocUnsafe(ENTRY_KEY_BYTES);
  key[0] = ENTRY_PREFIX;
  key.writeUInt32BE(height, 1);
  hash.internal.copy(key, 5);
  return key;
}

export function entryValue(entry: StoredEntry): Buffer {
  const value = Buffer.allocUnsafe(ENTRY_VALUE_BYTES);
  entry.rawHeader.copy(value, 0);
  value[BLOCK_HEADER_BYTES] = (entry.hasBlock ? FLAG_HAS_BLOCK : 0) | (entry.invalid ? FLAG_INVALID : 0);
  return value;
}

export function decodeEntry(key: Buffer, value: Buffer): StoredEntry {
  if (key.length !== ENTRY_KEY_BYTES || value.length !== ENTRY_VALUE_BYTES) {
    throw new ChainError(ChainErrorCode.StoreCorrupt, `entry record of ${key.length}/${value.length} bytes`);
  }
  const flags = value[BLOCK_HEADER_BYTES];
  return {
    height: key.readUInt32BE(1),
    hash: Hash256.adopt(key.subarray(5)),
    rawHeader: value.subarray(0, BLOCK_HEADER_BYTES),
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

import { HASH_BYTES, Hash256 } from '../primitives/hash';
import { MAX_INV_ENTRIES } from '../primitives/limits';
import { compactSizeLength } from '../primitives/writer';
import { type MessageCodec, checkCount } from './codec';
import type { InvVector, InventoryMessage } from './types';

const INV_VECTOR_BYTES = 4 + HASH_BYTES;

/** inv, getdata and notfound: up to 50,000 (type, hash) entries (net_processing.cpp MAX_INV_SZ). */
export function inventoryMessageCodec<C extends 'inv' | 'getdata' | 'notfound'>(command: C): MessageCodec<InventoryMessage<C>> {
  return {
    command,
    maxPayloadBytes: compactSizeLength(MAX_INV_ENTRIES) + MAX_INV_ENTRIES * INV_VECTOR_BYTES,
    payloadLength: (msg) => {
      checkCount(msg.inventory.length, MAX_INV_ENTRIES, 'inventory entries');
      return compactSizeLength(msg.inventory.length) + msg.inventory.length * INV_VECTOR_BYTES;
    },
    write: (w, msg) => {
      w.compactSize(msg.inventory.length);
      for (const v of msg.inventory) w.u32le(v.type).hash(v.hash);
    },
    read: (r) => {
      const count = r.count(MAX_INV_ENTRIES, INV_VECTOR_BYTES);
      // One bounds check for the whole table, then plain indexing: 50,000 entries is the hot case.
      const table = r.bytes(count * INV_VECTOR_BYTES);
      const inventory: InvVector[] = new Array(count);
      for (let k = 0, at = 0; k < count; k++, at += INV_VECTOR_BYTES) {
        inventory[k] = { type: table.readUInt32LE(at), hash: Hash256.readAt(table, at + 4) };
      }
      return { command, inventory };
    },
  };
}

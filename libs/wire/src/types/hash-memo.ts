import type { Hash256 } from '../primitives/hash';
import type { BlockHeader } from './block-header';
import type { Transaction } from './transaction';

/**
 * Hashes memoised per object, so a header or transaction handed from decoder to chain to relay
 * is serialized and hashed once. Sound because these objects are immutable (all fields readonly):
 * build a new object rather than mutating one (a miner varies the nonce with `{ ...header, nonce }`).
 */
export class HashMemo<K extends object> {
  private readonly cache = new WeakMap<K, Hash256>();

  get(key: K, compute: (key: K) => Hash256): Hash256 {
    let hash = this.cache.get(key);
    if (hash === undefined) {
      hash = compute(key);
      this.cache.set(key, hash);
    }
    return hash;
  }

  /** Records a hash already known, e.g. a tx message's checksum digest, which is its wtxid. */
  remember(key: K, hash: Hash256): void {
    this.cache.set(key, hash);
  }
}

export const BLOCK_HASHES = new HashMemo<BlockHeader>();
export const TXIDS = new HashMemo<Transaction>();
export const WTXIDS = new HashMemo<Transaction>();

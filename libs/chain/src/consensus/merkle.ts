import { Hash256, hash256 } from '@mbc/wire';

/**
 * ComputeMerkleRoot: hash256 of concatenated pairs, the last hash paired with itself when a
 * level is odd; a single transaction's root is its txid.
 */
export function merkleRoot(leaves: readonly Hash256[]): Hash256 {
  if (leaves.length === 0) return Hash256.ZERO;
  let level: Buffer[] = leaves.map((h) => h.internal);
  const pair = Buffer.allocUnsafe(64);
  while (level.length > 1) {
    const next: Buffer[] = new Array(Math.ceil(level.length / 2));
    for (let k = 0; k < level.length; k += 2) {
      level[k].copy(pair, 0);
      (level[k + 1] ?? level[k]).copy(pair, 32);
      next[k >> 1] = hash256(pair);
    }
    level = next;
  }
  return Hash256.adopt(Buffer.from(level[0]));
}

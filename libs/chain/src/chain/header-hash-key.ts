import { hash } from 'node:crypto';

/**
 * hash256 of a serialized header, straight to its map-key form (hashKey: one latin1 ("binary") char per
 * internal byte). Validating a header keeps no digest Buffer or Hash256: the tree only needs the
 * key, and an entry builds its Hash256 on first use.
 */
export function headerHashKey(rawHeader: Uint8Array): string {
  return hash('sha256', hash('sha256', rawHeader, 'buffer'), 'binary');
}

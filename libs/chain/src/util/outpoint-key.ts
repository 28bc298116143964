import type { OutPoint } from '@mbc/wire';

/** Map key of an outpoint: "<txid internal hex>:<index>". */
export function outpointKey(outpoint: OutPoint): string {
  return `${outpoint.txid.toKey()}:${outpoint.index}`;
}

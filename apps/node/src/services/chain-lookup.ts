import { Chain, ChainEntry } from '@mbc/chain';
import { Hash256 } from '@mbc/wire';

import { notFound } from '../errors/app-error';

/** Finds a tree entry by display-hex hash, or an active-chain entry by decimal height. */
export function entryByHashOrHeight(chain: Chain, ref: string): ChainEntry {
  const entry = /^\d+$/.test(ref) ? chain.getEntryByHeight(Number(ref)) : chain.getEntry(Hash256.fromHex(ref));
  if (!entry) throw notFound('block', ref);
  return entry;
}

/** Core's confirmations: 1 for the tip, 0 off the active chain. */
export function confirmationsOf(chain: Chain, entry: ChainEntry): number {
  return chain.isOnActiveChain(entry) ? chain.tip.height - entry.height + 1 : 0;
}

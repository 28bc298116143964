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

/** The active chain as header pages read it (Chain provides it). */
export type ActiveChain = Pick<Chain, 'tip' | 'getEntryByHeight' | 'isOnActiveChain'>;

/**
 * Up to `count` headers starting at `start` and following the active chain, like Core's REST
 * /rest/headers/<count>/<hash>. A start off the active chain yields that header alone.
 */
export function headerPage(chain: ActiveChain, start: ChainEntry, count: number): ChainEntry[] {
  if (!chain.isOnActiveChain(start)) return [start];
  const last = Math.min(start.height + count - 1, chain.tip.height);
  const entries: ChainEntry[] = [];
  for (let height = start.height; height <= last; height++) entries.push(chain.getEntryByHeight(height) as ChainEntry);
  return entries;
}

import type { Chain, ChainEntry } from '@mbc/chain';
import { InvType } from '@mbc/wire';

import { MAX_BLOCKS_TO_ANNOUNCE } from '../constants';
import type { Peer } from '../peer/peer';

/**
 * Announces a new tip (Core's SendMessages block announcement): BIP130 `headers` to peers that
 * sent sendheaders — every block since what the peer already knows, up to MAX_BLOCKS_TO_ANNOUNCE —
 * else an `inv` of the tip. Nothing goes to a peer that already has it; blocks are never pushed
 * unasked. Returns how many peers were told.
 */
export function announceTip(chain: Chain, tip: ChainEntry, peers: readonly Peer[]): number {
  let told = 0;
  for (const peer of peers) {
    if (peer.knownInventory.has(tip.hash.toKey())) continue;
    const headers = peer.prefersHeaders ? headersToAnnounce(chain, tip, peer) : undefined;
    if (headers) {
      peer.send({ command: 'headers', headers: headers.map((e) => e.header) });
      for (const e of headers) peer.knownInventory.add(e.hash.toKey());
    } else {
      peer.send({ command: 'inv', inventory: [{ type: InvType.Block, hash: tip.hash }] });
      peer.knownInventory.add(tip.hash.toKey());
    }
    told += 1;
  }
  return told;
}

/**
 * The blocks from the first one the peer lacks up to the tip, if that path is short and its
 * parent is one the peer knows (so the headers connect for it); otherwise undefined (use inv).
 */
function headersToAnnounce(chain: Chain, tip: ChainEntry, peer: Peer): ChainEntry[] | undefined {
  const path: ChainEntry[] = [];
  for (let e: ChainEntry | undefined = tip; e; e = e.prev) {
    // Genesis is common to every peer of the network; otherwise what it sent or we told it.
    const known = e.height === 0 || peer.knownInventory.has(e.hash.toKey()) || (e.height <= peer.syncedHeaders && chain.isOnActiveChain(e));
    if (known) return path.reverse();
    if (path.length === MAX_BLOCKS_TO_ANNOUNCE) return undefined;
    path.push(e);
  }
  return undefined;
}

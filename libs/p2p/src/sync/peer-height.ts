import type { Peer } from '../peer/peer';

/** The best height a peer is known to have: what it said at connect time or what it showed us since. */
export function peerHeight(peer: Peer): number {
  return Math.max(peer.remoteVersion?.startHeight ?? -1, peer.syncedHeaders, peer.syncedBlocks);
}

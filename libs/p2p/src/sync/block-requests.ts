import type { Hash256 } from '@mbc/wire';

import type { Peer } from '../peer/peer';

interface BlockRequest {
  readonly hash: Hash256;
  readonly peer: Peer;
  readonly requestedAt: number;
}

/**
 * Blocks asked for and not yet delivered: at most one outstanding request per block, a per-peer
 * count (Core's MAX_BLOCKS_IN_TRANSIT_PER_PEER) and the peer that last stalled on each block, so
 * a re-request goes elsewhere.
 */
export class BlockRequests {
  private readonly byHash = new Map<string, BlockRequest>();
  /** Block key → id of the peer that let the request time out. */
  private readonly stalledOn = new Map<string, number>();

  get size(): number {
    return this.byHash.size;
  }

  has(hash: Hash256): boolean {
    return this.byHash.has(hash.toKey());
  }

  requestedFrom(hash: Hash256): Peer | undefined {
    return this.byHash.get(hash.toKey())?.peer;
  }

  stalledPeer(hash: Hash256): number | undefined {
    return this.stalledOn.get(hash.toKey());
  }

  add(hash: Hash256, peer: Peer, now: number): void {
    this.byHash.set(hash.toKey(), { hash, peer, requestedAt: now });
    peer.blocksInFlight += 1;
  }

  /** Forgets the request (delivered, notfound, or the peer is gone); returns who it was asked of. */
  complete(hash: Hash256): Peer | undefined {
    const key = hash.toKey();
    const request = this.byHash.get(key);
    if (!request) return undefined;
    this.byHash.delete(key);
    this.stalledOn.delete(key);
    request.peer.blocksInFlight -= 1;
    return request.peer;
  }

  /** The peer answered notfound: forget the request and prefer another peer next time. */
  release(hash: Hash256): void {
    const peer = this.complete(hash);
    if (peer) this.stalledOn.set(hash.toKey(), peer.id);
  }

  /** Drops every request of a peer that went away. */
  dropPeer(peer: Peer): void {
    for (const request of [...this.byHash.values()]) if (request.peer === peer) this.complete(request.hash);
  }

  /** Removes and returns requests older than `timeoutMs`, remembering who stalled. */
  takeStalled(now: number, timeoutMs: number): BlockRequest[] {
    const stalled = [...this.byHash.values()].filter((r) => now - r.requestedAt > timeoutMs);
    for (const r of stalled) this.release(r.hash);
    return stalled;
  }
}

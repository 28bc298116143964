import type { Chain, ChainEntry } from '@mbc/chain';
import { InvType, type Hash256, type InvVector } from '@mbc/wire';

import { BLOCK_REQUEST_BATCH, MAX_BLOCKS_IN_FLIGHT_PER_PEER, MAX_BLOCKS_IN_FLIGHT_TOTAL, NODE_NETWORK_LIMITED_MIN_BLOCKS } from '../constants';
import type { Peer } from '../peer/peer';
import { canServeBlocks, canServeWitnesses, fetchType, isLimitedPeer } from '../peer/services';
import { BlockRequests } from './block-requests';
import { peerHeight } from './peer-height';

/**
 * Parallel block download (Core's FindNextBlocksToDownload): the missing blocks of the best
 * header chain, in a window of MAX_BLOCKS_IN_FLIGHT_TOTAL, go to the least busy peers that have
 * them, at most MAX_BLOCKS_IN_FLIGHT_PER_PEER each, one getdata per peer. A peer is only topped
 * up once BLOCK_REQUEST_BATCH of its slots are free, so after each delivered block the next ones
 * go out as a batch rather than one getdata per block.
 */
export class BlockDownloader {
  private readonly requests = new BlockRequests();
  /** Delivered blocks the chain is still processing: not asked for again, and they hold their place in the download window. */
  private readonly awaiting = new Set<string>();

  constructor(
    private readonly chain: Chain,
    private readonly readyPeers: () => Peer[],
  ) {}

  /** Asked for, or delivered and still being processed. */
  isRequested(hash: Hash256): boolean {
    return this.requests.has(hash) || this.awaiting.has(hash.toKey());
  }

  /** Delivered blocks not yet processed() (see MAX_BLOCKS_AWAITING_PROCESSING). */
  get awaitingProcessing(): number {
    return this.awaiting.size;
  }

  /** A block arrived: returns whether we had asked anyone for it (then processed() must follow). */
  delivered(hash: Hash256): boolean {
    const requested = this.requests.complete(hash) !== undefined;
    if (requested) this.awaiting.add(hash.toKey());
    return requested;
  }

  /** The chain is done with a block delivered() reported as requested. */
  processed(hash: Hash256): void {
    this.awaiting.delete(hash.toKey());
  }

  dropPeer(peer: Peer): void {
    this.requests.dropPeer(peer);
  }

  /** notfound: the blocks asked of `peer` go to someone else, preferably. */
  notFound(peer: Peer, inventory: readonly InvVector[]): void {
    for (const item of inventory) {
      if ((item.type & ~InvType.WitnessFlag) !== InvType.Block) continue;
      if (this.requests.requestedFrom(item.hash) === peer) this.requests.release(item.hash);
    }
  }

  /** Forgets requests older than `timeoutMs` (re-assigned, elsewhere if possible, by the next request()). */
  expireStalled(now: number, timeoutMs: number): { peer: Peer; hash: Hash256 }[] {
    return this.requests.takeStalled(now, timeoutMs);
  }

  request(): void {
    let budget = MAX_BLOCKS_IN_FLIGHT_TOTAL - this.requests.size - this.awaiting.size;
    const peers = this.readyPeers().filter((p) => mayDownloadFrom(p) && MAX_BLOCKS_IN_FLIGHT_PER_PEER - p.blocksInFlight >= BLOCK_REQUEST_BATCH);
    if (peers.length === 0 || budget <= 0) return;
    const batches = new Map<Peer, InvVector[]>();
    for (const entry of this.chain.missingBlocks(MAX_BLOCKS_IN_FLIGHT_TOTAL)) {
      if (budget === 0) break;
      if (this.isRequested(entry.hash)) continue;
      const peer = this.pickPeer(peers, entry);
      if (!peer) continue;
      this.requests.add(entry.hash, peer, Date.now());
      budget -= 1;
      const batch = batches.get(peer) ?? [];
      batch.push({ type: fetchType(peer, InvType.Block), hash: entry.hash });
      batches.set(peer, batch);
    }
    for (const [peer, inventory] of batches) peer.send({ command: 'getdata', inventory });
  }

  private pickPeer(peers: Peer[], entry: ChainEntry): Peer | undefined {
    const stalled = this.requests.stalledPeer(entry.hash);
    const score = (p: Peer) => p.blocksInFlight + (p.id === stalled ? MAX_BLOCKS_IN_FLIGHT_PER_PEER : 0);
    let best: Peer | undefined;
    for (const peer of peers) {
      if (peer.blocksInFlight >= MAX_BLOCKS_IN_FLIGHT_PER_PEER || !hasBlock(peer, entry)) continue;
      if (!best || score(peer) < score(best)) best = peer;
    }
    return best;
  }
}

/**
 * Core downloads blocks only from peers that serve blocks with their witness data (CanServeBlocks,
 * and CanServeWitnesses since segwit is active): a stripped block could not be served as
 * MSG_WITNESS_BLOCK later.
 */
function mayDownloadFrom(peer: Peer): boolean {
  return canServeBlocks(peer) && canServeWitnesses(peer);
}

/** The peer's chain reaches the block, and a NODE_NETWORK_LIMITED peer still keeps it (Core: 2 blocks of margin). */
function hasBlock(peer: Peer, entry: ChainEntry): boolean {
  const height = peerHeight(peer);
  if (height < entry.height) return false;
  return !isLimitedPeer(peer) || height - entry.height < NODE_NETWORK_LIMITED_MIN_BLOCKS - 2;
}

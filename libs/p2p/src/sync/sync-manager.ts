import type { Chain, ChainEntry } from '@mbc/chain';
import { BlockRejectReason, SerialQueue } from '@mbc/chain';
import { blockHash, Hash256, InvType, MAX_HEADERS_PER_MSG, RejectCode, type Block, type BlockHeader, type InvVector } from '@mbc/wire';

import { MAX_BLOCKS_IN_FLIGHT_PER_PEER, MAX_BLOCKS_IN_FLIGHT_TOTAL, MAX_UNCONNECTING_HEADERS, PROTOCOL_VERSION } from '../constants';
import type { P2PLogger } from '../logger';
import { MisbehaviourReason } from '../peer/misbehaviour';
import type { Peer } from '../peer/peer';
import { BoundedSet } from '../util/bounded-set';
import { BlockRequests } from './block-requests';

const RECENT_BLOCKS_CAPACITY = 10_000;
import type { SyncState } from './sync-state';

export interface SyncTimings {
  blockStallTimeoutMs: number;
  headersTimeoutMs: number;
}

export interface SyncListener {
  blockAnnounced(hash: Hash256, firstSeenMs: number): void;
  syncProgress(state: SyncState): void;
}

interface PeerSyncState {
  /** When our outstanding getheaders was sent (0: none in flight). */
  headersRequestedAt: number;
  /** Headers messages in a row whose first header didn't connect. */
  unconnectingHeaders: number;
}

/**
 * Headers-first sync (Core's net_processing, bcoin's pool): learn the best header chain with
 * getheaders (one request in flight per peer, a full 2,000 batch asks for more), then fetch the
 * missing blocks in parallel from every peer that has them, at most 16 in flight per peer,
 * re-asking stalled blocks elsewhere. Events are handled one at a time (btcd's sync manager).
 */
export class SyncManager {
  private readonly requests = new BlockRequests();
  private readonly peerStates = new WeakMap<Peer, PeerSyncState>();
  private readonly queue = new SerialQueue();
  /** Blocks whose first announcement was reported (bounded: only "first heard of" matters). */
  private readonly firstSeen = new BoundedSet<string>(RECENT_BLOCKS_CAPACITY);

  constructor(
    private readonly chain: Chain,
    private readonly readyPeers: () => Peer[],
    private readonly timings: SyncTimings,
    private readonly listener: SyncListener,
    private readonly logger: P2PLogger,
  ) {}

  /** One event at a time; a failure is logged (the chain reports its own errors) and the queue goes on. */
  private run(task: () => Promise<void>): Promise<void> {
    return this.queue.run(task).catch((error: Error) => this.logger.error({ err: error.message, stack: error.stack }, 'sync step failed'));
  }

  /** Resolves when every queued sync step has run (shutdown waits for it before the chain closes). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  state(): SyncState {
    const headersHeight = this.chain.bestHeader.height;
    const blocksHeight = this.chain.tip.height;
    const bestPeer = Math.max(-1, ...this.readyPeers().map(peerHeight));
    const target = Math.max(headersHeight, bestPeer);
    const peerAhead = bestPeer > headersHeight;
    return {
      headersHeight,
      blocksHeight,
      progress: target <= 0 ? 1 : Math.min(1, blocksHeight / target),
      synced: blocksHeight >= headersHeight && !peerAhead,
      peerAhead,
    };
  }

  onPeerReady(peer: Peer): Promise<void> {
    return this.run(async () => {
      // Core asks a new peer for headers unless it is plainly behind us.
      if (peerHeight(peer) >= this.chain.bestHeader.height) this.requestHeaders(peer, this.chain.bestHeader);
      this.requestBlocks();
    });
  }

  onPeerClosed(peer: Peer): Promise<void> {
    return this.run(async () => {
      this.requests.dropPeer(peer);
      this.requestBlocks();
    });
  }

  onHeaders(peer: Peer, headers: readonly BlockHeader[]): Promise<void> {
    return this.run(async () => this.processHeaders(peer, headers));
  }

  onBlock(peer: Peer, block: Block): Promise<void> {
    return this.run(async () => this.processBlock(peer, block));
  }

  /** inv of blocks: Core answers an unknown block announcement with getheaders (headers-first). */
  onBlockInventory(peer: Peer, hashes: readonly Hash256[]): Promise<void> {
    return this.run(async () => {
      let unknown = false;
      for (const hash of hashes) {
        peer.knownInventory.add(hash.toKey());
        if (this.chain.getEntry(hash)) continue;
        this.noteAnnounced(hash);
        unknown = true;
      }
      if (unknown) this.requestHeaders(peer, this.chain.bestHeader);
    });
  }

  onNotFound(peer: Peer, inventory: readonly InvVector[]): Promise<void> {
    return this.run(async () => {
      for (const item of inventory) {
        if ((item.type & ~InvType.WitnessFlag) !== InvType.Block) continue;
        if (this.requests.requestedFrom(item.hash) !== peer) continue;
        this.requests.release(item.hash);
      }
      this.requestBlocks();
    });
  }

  /** Periodic: re-ask stalled blocks from other peers, expire unanswered getheaders. */
  tick(): Promise<void> {
    return this.run(async () => {
      const now = Date.now();
      for (const stalled of this.requests.takeStalled(now, this.timings.blockStallTimeoutMs)) {
        this.logger.debug({ peer: stalled.peer.id, block: stalled.hash.toHex() }, 'block request stalled; asking elsewhere');
      }
      for (const peer of this.readyPeers()) {
        const state = this.peerState(peer);
        if (state.headersRequestedAt > 0 && now - state.headersRequestedAt > this.timings.headersTimeoutMs) {
          state.headersRequestedAt = 0;
          if (peerHeight(peer) > this.chain.bestHeader.height) this.requestHeaders(peer, this.chain.bestHeader);
        }
      }
      this.requestBlocks();
    });
  }

  private processHeaders(peer: Peer, headers: readonly BlockHeader[]): void {
    const state = this.peerState(peer);
    state.headersRequestedAt = 0;
    if (headers.length === 0) return;
    const hashes = headers.map(blockHash);
    for (let k = 1; k < headers.length; k++) {
      if (!headers[k].prevBlock.equals(hashes[k - 1])) {
        return peer.misbehave(MisbehaviourReason.NonContinuousHeaders, `header ${k} does not follow header ${k - 1}`);
      }
    }
    for (const hash of hashes) {
      peer.knownInventory.add(hash.toKey());
      if (!this.chain.getEntry(hash)) this.noteAnnounced(hash);
    }
    if (!this.chain.getEntry(headers[0].prevBlock)) {
      // Not an error by itself: the peer announced a block on a chain we don't know yet. Ask for the
      // path with our locator; older Core penalised every MAX_UNCONNECTING_HEADERS-th in a row.
      state.unconnectingHeaders += 1;
      if (state.unconnectingHeaders % MAX_UNCONNECTING_HEADERS === 0) {
        peer.misbehave(MisbehaviourReason.UnconnectingHeaders, `${state.unconnectingHeaders} unconnecting headers messages in a row`);
      }
      this.requestHeaders(peer, this.chain.bestHeader);
      return;
    }
    state.unconnectingHeaders = 0;
    const result = this.chain.addHeaders(headers);
    if (result.lastEntry) peer.syncedHeaders = Math.max(peer.syncedHeaders, result.lastEntry.height);
    if (result.error) {
      // Core doesn't punish a header that is merely too far in the future: our clock may be off.
      if (result.error.code === BlockRejectReason.TimeTooNew) {
        this.logger.info({ peer: peer.id, err: result.error.message }, 'header from the future ignored');
      } else {
        peer.misbehave(MisbehaviourReason.InvalidHeaders, result.error.message);
      }
    } else if (headers.length === MAX_HEADERS_PER_MSG && result.lastEntry) {
      // A full batch: the peer has more (Core: "more headers to download").
      this.requestHeaders(peer, result.lastEntry);
    }
    this.requestBlocks();
    this.listener.syncProgress(this.state());
  }

  private async processBlock(peer: Peer, block: Block): Promise<void> {
    const hash = blockHash(block.header);
    this.requests.complete(hash);
    peer.knownInventory.add(hash.toKey());
    if (!this.chain.getEntry(hash)) this.noteAnnounced(hash);
    const result = await this.chain.submitBlock(block);
    switch (result.status) {
      case 'invalid':
        peer.send({ command: 'reject', message: 'block', code: RejectCode.Invalid, reason: result.reason ?? 'invalid', hash });
        if (result.reason !== BlockRejectReason.TimeTooNew) peer.misbehave(MisbehaviourReason.InvalidBlock, result.message ?? String(result.reason));
        break;
      case 'orphan':
        // Its parent is unknown to us: fetch the headers leading to it.
        this.requestHeaders(peer, this.chain.bestHeader);
        break;
      default:
        if (result.entry) peer.syncedBlocks = Math.max(peer.syncedBlocks, result.entry.height);
    }
    this.requestBlocks();
    this.listener.syncProgress(this.state());
  }

  /** Sends getheaders with the locator of `from`, unless one is already in flight to this peer. */
  private requestHeaders(peer: Peer, from: ChainEntry): void {
    const state = this.peerState(peer);
    if (state.headersRequestedAt > 0 || peer.isClosed) return;
    state.headersRequestedAt = Date.now();
    peer.send({ command: 'getheaders', version: PROTOCOL_VERSION, locator: this.chain.getLocator(from), hashStop: Hash256.ZERO });
  }

  /**
   * Assigns the first missing blocks of the best header chain (a window of
   * MAX_BLOCKS_IN_FLIGHT_TOTAL) to the least busy peers that have them. Stops as soon as every
   * peer is busy: this runs after each block, usually to fill the one slot that block freed.
   */
  private requestBlocks(): void {
    const peers = this.readyPeers();
    let freeSlots = peers.reduce((n, p) => n + Math.max(0, MAX_BLOCKS_IN_FLIGHT_PER_PEER - p.blocksInFlight), 0);
    if (freeSlots === 0 || this.requests.size >= MAX_BLOCKS_IN_FLIGHT_TOTAL) return;
    const batches = new Map<Peer, InvVector[]>();
    for (const entry of this.chain.missingBlocks(MAX_BLOCKS_IN_FLIGHT_TOTAL)) {
      if (freeSlots === 0) break;
      if (this.requests.has(entry.hash)) continue;
      const peer = this.pickPeer(peers, entry);
      if (!peer) continue;
      this.requests.add(entry.hash, peer, Date.now());
      freeSlots -= 1;
      const batch = batches.get(peer) ?? [];
      batch.push({ type: InvType.Block, hash: entry.hash });
      batches.set(peer, batch);
    }
    for (const [peer, inventory] of batches) peer.send({ command: 'getdata', inventory });
  }

  private pickPeer(peers: Peer[], entry: ChainEntry): Peer | undefined {
    const stalled = this.requests.stalledPeer(entry.hash);
    let best: Peer | undefined;
    for (const peer of peers) {
      if (peer.blocksInFlight >= MAX_BLOCKS_IN_FLIGHT_PER_PEER || peerHeight(peer) < entry.height) continue;
      const score = peer.blocksInFlight + (peer.id === stalled ? MAX_BLOCKS_IN_FLIGHT_PER_PEER : 0);
      const bestScore = best ? best.blocksInFlight + (best.id === stalled ? MAX_BLOCKS_IN_FLIGHT_PER_PEER : 0) : Infinity;
      if (score < bestScore) best = peer;
    }
    return best;
  }

  private noteAnnounced(hash: Hash256): void {
    const key = hash.toKey();
    if (this.firstSeen.has(key)) return;
    this.firstSeen.add(key);
    this.listener.blockAnnounced(hash, Date.now());
  }

  private peerState(peer: Peer): PeerSyncState {
    let state = this.peerStates.get(peer);
    if (!state) {
      state = { headersRequestedAt: 0, unconnectingHeaders: 0 };
      this.peerStates.set(peer, state);
    }
    return state;
  }
}

/** The best height a peer is known to have: what it said at connect time or what it showed us since. */
export function peerHeight(peer: Peer): number {
  return Math.max(peer.remoteVersion?.startHeight ?? -1, peer.syncedHeaders, peer.syncedBlocks);
}

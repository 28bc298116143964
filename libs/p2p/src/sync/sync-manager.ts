import type { Chain, ChainEntry } from '@mbc/chain';
import { BlockRejectReason, SerialQueue, type SubmitBlockResult } from '@mbc/chain';
import { blockHash, Hash256, MAX_HEADERS_PER_MSG, RejectCode, type Block, type BlockHeader, type InvVector } from '@mbc/wire';

import { HEADERS_SYNC_RECENT_SEC, MAX_BLOCKS_AWAITING_PROCESSING, MAX_BLOCKS_TO_ANNOUNCE, MAX_UNCONNECTING_HEADERS, PROTOCOL_VERSION } from '../constants';
import type { P2PLogger } from '../logger';
import { MisbehaviourReason } from '../peer/misbehaviour';
import type { Peer } from '../peer/peer';
import { canServeBlocks } from '../peer/services';
import { BoundedSet } from '../util/bounded-set';
import { BlockDownloader } from './block-downloader';
import { peerHeight } from './peer-height';
import type { SyncState } from './sync-state';
import { UnrequestedBlockVerdict, judgeUnrequestedBlock } from './unrequested-block';

const RECENT_BLOCKS_CAPACITY = 10_000;

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
  /** Its last headers message was a full batch: it has more for us. */
  lastBatchFull: boolean;
  /** The last header of the batch whose arrival asked for the next one (onHeadersArrived). */
  prefetchedAfter?: Hash256;
  /** Core's fSyncStarted: the peer was sent its initial getheaders, and its block invs always trigger one. */
  syncStarted: boolean;
  /** Core's m_inv_triggered_getheaders_before_sync: one block inv of a not-yet-syncing peer got a getheaders. */
  invTriggeredGetheaders: boolean;
}

/**
 * Headers-first sync (Core's net_processing, bcoin's pool). Headers: while our best header is
 * old or a peer claims more (initial sync), getheaders goes to ONE sync peer at a time, re-chosen
 * when it finishes, times out or leaves (Core's nSyncStarted); near the tip every peer is asked,
 * and block announcements from any peer trigger getheaders. A full 2,000 batch asks for more.
 * Blocks are fetched in parallel by the BlockDownloader, stalled ones re-asked elsewhere.
 * Events are handled one at a time (btcd's sync manager).
 */
export class SyncManager {
  private readonly peerStates = new WeakMap<Peer, PeerSyncState>();
  private readonly queue = new SerialQueue();
  /** Blocks whose first announcement was reported (bounded: only "first heard of" matters). */
  private readonly firstSeen = new BoundedSet<string>(RECENT_BLOCKS_CAPACITY);
  /** The one peer driving the initial headers sync (undefined near the tip, or between choices). */
  private headersSyncPeer?: Peer;
  /** Core's m_last_block_inv_triggering_headers_sync: one extra headers peer per new block during sync. */
  private lastInvTriggeringHeadersSync?: string;
  private progressScheduled = false;

  private readonly download: BlockDownloader;

  constructor(
    private readonly chain: Chain,
    private readonly readyPeers: () => Peer[],
    private readonly timings: SyncTimings,
    private readonly listener: SyncListener,
    private readonly logger: P2PLogger,
  ) {
    this.download = new BlockDownloader(chain, readyPeers);
  }

  /** One event at a time; a failure is logged (the chain reports its own errors) and the queue goes on. */
  private run<T>(task: () => Promise<T>): Promise<T | undefined> {
    return this.queue.run(task).catch((error: Error) => {
      this.logger.error({ err: error.message, stack: error.stack }, 'sync step failed');
      return undefined;
    });
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

  onPeerReady(): Promise<void> {
    return this.run(async () => {
      this.startHeadersSync();
      this.requestBlocks();
    });
  }

  onPeerClosed(peer: Peer): Promise<void> {
    return this.run(async () => {
      this.download.dropPeer(peer);
      if (this.headersSyncPeer === peer) this.headersSyncPeer = undefined;
      this.startHeadersSync();
      this.requestBlocks();
    });
  }

  onHeaders(peer: Peer, headers: readonly BlockHeader[]): Promise<void> {
    return this.run(async () => this.processHeaders(peer, headers));
  }

  /**
   * A requested block is handed to the chain without holding up the peer's next message, so the
   * chain can connect the blocks of a getdata as one run; an unrequested one, or one arriving while
   * MAX_BLOCKS_AWAITING_PROCESSING wait, keeps the peer waiting until it is processed.
   */
  async onBlock(peer: Peer, block: Block): Promise<void> {
    const handed = await this.run(async () => this.handOver(peer, block));
    if (handed && (!handed.requested || this.download.awaitingProcessing > MAX_BLOCKS_AWAITING_PROCESSING)) await handed.processed;
  }

  /**
   * inv of blocks: Core answers an unknown block announcement with getheaders (headers-first) —
   * from a peer we sync headers with, or else from one new peer per new block, so a stuck sync
   * peer is worked around without asking every peer during initial sync.
   */
  onBlockInventory(peer: Peer, hashes: readonly Hash256[]): Promise<void> {
    return this.run(async () => {
      let best: Hash256 | undefined;
      for (const hash of hashes) {
        peer.knownInventory.add(hash.toKey());
        if (this.chain.getEntry(hash)) continue;
        this.noteAnnounced(hash);
        if (!this.download.isRequested(hash)) best = hash;
      }
      if (!best) return;
      const state = this.peerState(peer);
      const key = best.toKey();
      if (!state.syncStarted && (state.invTriggeredGetheaders || key === this.lastInvTriggeringHeadersSync)) return;
      this.requestHeaders(peer, this.chain.bestHeader);
      if (!state.syncStarted) {
        state.invTriggeredGetheaders = true;
        this.lastInvTriggeringHeadersSync = key;
      }
    });
  }

  onNotFound(peer: Peer, inventory: readonly InvVector[]): Promise<void> {
    return this.run(async () => {
      this.download.notFound(peer, inventory);
      this.requestBlocks();
    });
  }

  /** Periodic: re-ask stalled blocks from other peers, expire unanswered getheaders. */
  tick(): Promise<void> {
    return this.run(async () => {
      const now = Date.now();
      for (const stalled of this.download.expireStalled(now, this.timings.blockStallTimeoutMs)) {
        this.logger.debug({ peer: stalled.peer.id, block: stalled.hash.toHex() }, 'block request stalled; asking elsewhere');
      }
      for (const peer of this.readyPeers()) {
        const state = this.peerState(peer);
        if (state.headersRequestedAt === 0 || now - state.headersRequestedAt <= this.timings.headersTimeoutMs) continue;
        state.headersRequestedAt = 0;
        if (peer === this.headersSyncPeer) {
          // Core disconnects a headers sync peer that times out; we choose another and keep the
          // peer (it may still serve blocks), never choosing it as sync peer again.
          this.logger.info({ peer: peer.id }, 'headers sync peer timed out; choosing another');
          this.headersSyncPeer = undefined;
        } else if (peerHeight(peer) > this.chain.bestHeader.height) {
          this.requestHeaders(peer, this.chain.bestHeader);
        }
      }
      this.startHeadersSync();
      this.requestBlocks();
    });
  }

  /**
   * A full headers batch answering our getheaders has just arrived (it may still wait behind the
   * previous one): the next one is asked for now, after its last header, so the peer prepares it
   * while we validate. Should the batch fail, the peer is punished and its next answer won't
   * connect (and is asked again from our locator). Unrequested or short batches ask nothing.
   */
  onHeadersArrived(peer: Peer, headers: readonly BlockHeader[]): void {
    const state = this.peerState(peer);
    if (headers.length !== MAX_HEADERS_PER_MSG || state.headersRequestedAt === 0 || peer.isClosed) return;
    const parent = headers[0].prevBlock;
    if (!this.chain.getEntry(parent) && !state.prefetchedAfter?.equals(parent)) return;
    const last = blockHash(headers[headers.length - 1]);
    state.headersRequestedAt = 0;
    this.requestHeadersAfter(peer, last);
    state.prefetchedAfter = last;
  }

  private processHeaders(peer: Peer, headers: readonly BlockHeader[]): void {
    const state = this.peerState(peer);
    // Unless its arrival already asked for what follows (that request is still in flight).
    const prefetched = headers.length > 0 && state.prefetchedAfter?.equals(blockHash(headers[headers.length - 1]));
    if (!prefetched) state.headersRequestedAt = 0;
    state.lastBatchFull = headers.length === MAX_HEADERS_PER_MSG;
    this.applyHeaders(peer, headers);
    // The sync peer is done once it sends less than a full batch (it has nothing more for us),
    // and may have brought us near the tip: choose the next headers source, or all of them.
    if (peer === this.headersSyncPeer && state.headersRequestedAt === 0) this.headersSyncPeer = undefined;
    this.startHeadersSync();
  }

  private applyHeaders(peer: Peer, headers: readonly BlockHeader[]): void {
    if (headers.length === 0) return;
    const state = this.peerState(peer);
    if (!this.chain.getEntry(headers[0].prevBlock)) return this.onUnconnectingHeaders(peer, headers);
    state.unconnectingHeaders = 0;
    // addHeaders hashes every header itself; continuity (Core's CheckHeadersAreContinuous) is then
    // checked on the entries it linked, so a 2,000-header batch is not hashed a second time here.
    const result = this.chain.addHeaders(headers);
    const entries = result.error ? undefined : continuousEntries(headers, result.lastEntry!);
    if (result.error ? !areContinuous(headers) : !entries) {
      return peer.misbehave(MisbehaviourReason.NonContinuousHeaders, 'headers do not form a chain');
    }
    // An announcement (Core announces up to 8 blocks by headers) is remembered whole and timed for
    // the propagation metric; of a sync batch, the last header is enough: the peer has all its
    // ancestors, and the announcer counts what lies below its syncedHeaders on our chain as known.
    if (headers.length <= MAX_BLOCKS_TO_ANNOUNCE) {
      for (const entry of entries ?? result.added) peer.knownInventory.add(entry.hash.toKey());
      for (const entry of result.added) this.noteAnnounced(entry.hash);
    } else if (result.lastEntry) {
      peer.knownInventory.add(result.lastEntry.hash.toKey());
    }
    if (result.lastEntry) peer.syncedHeaders = Math.max(peer.syncedHeaders, result.lastEntry.height);
    if (result.error) {
      // Core doesn't punish a header that is merely too far in the future: our clock may be off.
      if (result.error.code === BlockRejectReason.TimeTooNew) {
        this.logger.info({ peer: peer.id, err: result.error.message }, 'header from the future ignored');
      } else {
        peer.misbehave(MisbehaviourReason.InvalidHeaders, result.error.message);
      }
    } else if (headers.length === MAX_HEADERS_PER_MSG) {
      // A full batch: the peer has more (Core: "more headers to download"), unless processHeaders
      // already asked. The chain writes the batch to disk in the background.
      this.requestHeaders(peer, result.lastEntry!);
    }
    this.requestBlocks();
    this.reportProgress();
  }

  /**
   * Headers whose first one has an unknown parent: not an error by itself, the peer announced a
   * block on a chain we don't know yet. Ask for the path with our locator; older Core penalised
   * every MAX_UNCONNECTING_HEADERS-th in a row.
   */
  private onUnconnectingHeaders(peer: Peer, headers: readonly BlockHeader[]): void {
    if (!areContinuous(headers)) return peer.misbehave(MisbehaviourReason.NonContinuousHeaders, 'headers do not form a chain');
    const state = this.peerState(peer);
    for (const hash of headers.map(blockHash)) {
      peer.knownInventory.add(hash.toKey());
      if (!this.chain.getEntry(hash)) this.noteAnnounced(hash);
    }
    state.unconnectingHeaders += 1;
    if (state.unconnectingHeaders % MAX_UNCONNECTING_HEADERS === 0) {
      peer.misbehave(MisbehaviourReason.UnconnectingHeaders, `${state.unconnectingHeaders} unconnecting headers messages in a row`);
    }
    this.requestHeaders(peer, this.chain.bestHeader);
  }

  private handOver(peer: Peer, block: Block): { requested: boolean; processed: Promise<void> } | undefined {
    const hash = blockHash(block.header);
    peer.knownInventory.add(hash.toKey());
    const requested = this.download.delivered(hash);
    if (!requested && !this.acceptUnrequested(peer, block, hash)) return undefined;
    if (!this.chain.getEntry(hash)) this.noteAnnounced(hash);
    const processed = this.chain
      .submitBlock(block)
      .then(
        (result) => this.onBlockProcessed(peer, result),
        (error: Error) => this.logger.error({ err: error.message, stack: error.stack }, 'block processing failed'),
      )
      .finally(() => {
        if (requested) this.download.processed(hash);
        this.requestBlocks();
      });
    return { requested, processed };
  }

  /** Runs outside the queue, when the chain is done; like every sync step, it never awaits. */
  private onBlockProcessed(peer: Peer, result: SubmitBlockResult): void {
    switch (result.status) {
      case 'invalid':
        peer.send({ command: 'reject', message: 'block', code: RejectCode.Invalid, reason: result.reason ?? 'invalid', hash: result.hash });
        if (result.reason !== BlockRejectReason.TimeTooNew) peer.misbehave(MisbehaviourReason.InvalidBlock, result.message ?? String(result.reason));
        break;
      case 'orphan':
        // A requested block always has a known header; kept for safety: fetch the headers leading to it.
        this.requestHeaders(peer, this.chain.bestHeader);
        break;
      default:
        if (result.entry) peer.syncedBlocks = Math.max(peer.syncedBlocks, result.entry.height);
    }
    this.reportProgress();
  }

  /**
   * A block we didn't ask for (Core processes it with fRequested false): only one that could
   * extend our best chain is validated; an unconnecting one costs 10 and gets a getheaders, as
   * it may announce a chain we don't know; the rest is dropped quietly. Returns whether to process it.
   */
  private acceptUnrequested(peer: Peer, block: Block, hash: Hash256): boolean {
    const verdict = judgeUnrequestedBlock(this.chain, block.header, hash);
    if (verdict === UnrequestedBlockVerdict.Unconnecting) {
      this.noteAnnounced(hash);
      peer.misbehave(MisbehaviourReason.UnconnectingBlock, `unrequested block ${hash.toHex()} has an unknown parent`);
      this.requestHeaders(peer, this.chain.bestHeader);
    } else if (verdict === UnrequestedBlockVerdict.Ignore) {
      peer.log.debug({ block: hash.toHex() }, 'unrequested block ignored');
    }
    return verdict === UnrequestedBlockVerdict.Process;
  }

  /**
   * Core's SendMessages "Start block sync": near the tip (best header less than a day old, and no
   * peer claiming more), every peer that serves blocks gets its initial getheaders; before that,
   * only one — preferring outbound peers, then the highest claimed chain — until it is done.
   */
  private startHeadersSync(): void {
    const fresh = this.readyPeers().filter((p) => canServeBlocks(p) && !this.peerState(p).syncStarted);
    if (this.headersNearTip()) {
      this.headersSyncPeer = undefined;
      for (const peer of fresh) this.startSyncWith(peer);
      return;
    }
    if (this.headersSyncPeer || fresh.length === 0) return;
    const rank = (p: Peer) => (p.direction === 'outbound' ? 1e12 : 0) + peerHeight(p);
    const chosen = fresh.reduce((best, p) => (rank(p) > rank(best) ? p : best));
    this.headersSyncPeer = chosen;
    this.logger.debug({ peer: chosen.id, height: peerHeight(chosen) }, 'headers sync peer chosen');
    this.startSyncWith(chosen);
  }

  /** Initial getheaders from our best header's parent (Core: so an up-to-date peer's answer isn't empty). */
  private startSyncWith(peer: Peer): void {
    this.peerState(peer).syncStarted = true;
    const best = this.chain.bestHeader;
    this.requestHeaders(peer, best.prev ?? best);
  }

  private headersNearTip(): boolean {
    const best = this.chain.bestHeader;
    if (best.header.time <= Date.now() / 1000 - HEADERS_SYNC_RECENT_SEC) return false;
    // Regtest blocks are all recent, so "a day old" alone would end initial sync after one batch.
    return !this.readyPeers().some((p) => peerHeight(p) > best.height);
  }

  /** Sends getheaders with the locator of `from`, unless one is already in flight to this peer. */
  private requestHeaders(peer: Peer, from: ChainEntry): void {
    this.sendGetHeaders(peer, () => this.chain.getLocator(from));
  }

  /** getheaders for what follows a header not validated yet: its hash, then our best header's locator. */
  private requestHeadersAfter(peer: Peer, hash: Hash256): void {
    this.sendGetHeaders(peer, () => [hash, ...this.chain.getLocator(this.chain.bestHeader)]);
  }

  private sendGetHeaders(peer: Peer, locator: () => Hash256[]): void {
    const state = this.peerState(peer);
    if (state.headersRequestedAt > 0 || peer.isClosed) return;
    state.headersRequestedAt = Date.now();
    peer.send({ command: 'getheaders', version: PROTOCOL_VERSION, locator: locator(), hashStop: Hash256.ZERO });
  }

  /**
   * Block downloads wait while the headers sync peer is still streaming full batches: on one
   * connection, block traffic would queue every getheaders round trip behind 16 blocks at both
   * ends, and headers are cheap (a 100,000-block chain's arrive in about a second). Core likewise
   * fetches no block before the headers reach its minimum chain work.
   */
  private requestBlocks(): void {
    const syncPeer = this.headersSyncPeer;
    const state = syncPeer && this.peerState(syncPeer);
    if (state && state.lastBatchFull && state.headersRequestedAt > 0) return;
    this.download.request();
  }

  /** One syncProgress per event-loop turn: during initial sync, blocks are processed by the dozen. */
  private reportProgress(): void {
    if (this.progressScheduled) return;
    this.progressScheduled = true;
    setImmediate(() => {
      this.progressScheduled = false;
      this.listener.syncProgress(this.state());
    });
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
      state = { headersRequestedAt: 0, lastBatchFull: false, unconnectingHeaders: 0, syncStarted: false, invTriggeredGetheaders: false };
      this.peerStates.set(peer, state);
    }
    return state;
  }
}

/** Each header's prevBlock is the hash of the one before (Core's CheckHeadersAreContinuous). */
function areContinuous(headers: readonly BlockHeader[]): boolean {
  for (let k = 1; k < headers.length; k++) if (!headers[k].prevBlock.equals(blockHash(headers[k - 1]))) return false;
  return true;
}

/**
 * The entries of fully accepted `headers`, or undefined if they don't form a chain. `last` is the
 * entry of the last header and each entry's parent is the entry its header names, so the batch is
 * continuous exactly when walking up from `last` meets the same headers, in order — a comparison of
 * fields (or of the very objects, for new entries), without hashing.
 */
function continuousEntries(headers: readonly BlockHeader[], last: ChainEntry): ChainEntry[] | undefined {
  const entries = new Array<ChainEntry>(headers.length);
  let entry: ChainEntry | undefined = last;
  for (let k = headers.length - 1; k >= 0; k--) {
    if (!entry || !sameHeader(entry.header, headers[k])) return undefined;
    entries[k] = entry;
    entry = entry.prev;
  }
  return entries;
}

function sameHeader(a: BlockHeader, b: BlockHeader): boolean {
  return (
    a === b ||
    (a.version === b.version &&
      a.time === b.time &&
      a.bits === b.bits &&
      a.nonce === b.nonce &&
      a.prevBlock.equals(b.prevBlock) &&
      a.merkleRoot.equals(b.merkleRoot))
  );
}

import { MempoolRejectReason, type Mempool } from '@mbc/chain';
import { InvType, txid as computeTxid, type Hash256, type InvVector, type Transaction } from '@mbc/wire';

import { MAX_INV_PER_ANNOUNCEMENT, MAX_TX_REQUESTS_PER_PEER, MAX_TX_REQUESTS_TOTAL, RECENT_REJECTS_CAPACITY } from '../constants';
import type { P2PLogger } from '../logger';
import type { Peer } from '../peer/peer';
import { BoundedSet } from '../util/bounded-set';
import { poissonDelayMs } from '../util/random';

/** Already have it: Core ignores such a transaction silently (no reject, no penalty). */
const DUPLICATE_REASONS: ReadonlySet<MempoolRejectReason> = new Set([MempoolRejectReason.AlreadyInMempool, MempoolRejectReason.AlreadyConfirmed]);

/** Core's GETDATA_TX_INTERVAL: a transaction asked of one peer may be asked of another after this. */
const TX_REQUEST_TIMEOUT_MS = 60_000;

interface PendingAnnouncements {
  readonly txids: Map<string, Hash256>;
  timer?: NodeJS.Timeout;
}

/**
 * Transaction relay: announcements batched per peer after a Poisson delay (Core's trickling),
 * de-duplicated against what each peer knows; unknown announced transactions fetched with getdata
 * (bounded per peer, one request per txid at a time); received ones submitted to the mempool,
 * with a `reject` to the sender when refused.
 */
export class TxRelay {
  private readonly pending = new Map<Peer, PendingAnnouncements>();
  /** txid key → when it was requested and from whom. */
  private readonly requested = new Map<string, { peer: Peer; at: number }>();
  private readonly requestsPerPeer = new Map<Peer, number>();
  private readonly recentRejects = new BoundedSet<string>(RECENT_REJECTS_CAPACITY);

  constructor(
    private readonly mempool: Mempool,
    private readonly meanDelayMs: number,
    private readonly onRelayed: (count: number) => void,
    private readonly logger: P2PLogger,
  ) {}

  /** A transaction entered our mempool: queue its announcement to every peer that doesn't know it. */
  announce(txid: Hash256, peers: readonly Peer[]): void {
    const key = txid.toKey();
    for (const peer of peers) {
      if (peer.remoteVersion?.relay === false || peer.knownInventory.has(key)) continue;
      let queue = this.pending.get(peer);
      if (!queue) {
        queue = { txids: new Map() };
        this.pending.set(peer, queue);
      }
      queue.txids.set(key, txid);
      if (!queue.timer) {
        const q = queue;
        q.timer = setTimeout(() => this.flush(peer, q), poissonDelayMs(this.meanDelayMs));
      }
    }
  }

  /** inv of transactions: fetch the ones we lack and haven't asked anyone for recently. */
  onInventory(peer: Peer, txids: readonly Hash256[]): void {
    const now = Date.now();
    const wanted: InvVector[] = [];
    for (const hash of txids) {
      const key = hash.toKey();
      peer.knownInventory.add(key);
      if (this.recentRejects.has(key) || this.mempool.has(hash)) continue;
      const asked = this.requested.get(key);
      if (asked && now - asked.at < TX_REQUEST_TIMEOUT_MS) continue;
      if (asked) this.forget(key);
      if (this.atRequestLimit(peer) && (this.pruneExpired(now) === 0 || this.atRequestLimit(peer))) break;
      this.requested.set(key, { peer, at: now });
      this.requestsPerPeer.set(peer, (this.requestsPerPeer.get(peer) ?? 0) + 1);
      wanted.push({ type: InvType.Tx, hash });
    }
    for (let k = 0; k < wanted.length; k += MAX_INV_PER_ANNOUNCEMENT) {
      peer.send({ command: 'getdata', inventory: wanted.slice(k, k + MAX_INV_PER_ANNOUNCEMENT) });
    }
  }

  onNotFound(txids: readonly Hash256[]): void {
    for (const hash of txids) this.forget(hash.toKey());
  }

  async onTransaction(peer: Peer, tx: Transaction): Promise<void> {
    // The mempool computes the txid anyway; only an undecodable-as-policy tx lacks one.
    const result = await this.mempool.accept(tx);
    const id = result.txid ?? computeTxid(tx);
    const key = id.toKey();
    // Marked before the delayed announcement flushes, so it never goes back to the sender.
    peer.knownInventory.add(key);
    this.forget(key);
    if (result.ok || DUPLICATE_REASONS.has(result.reason)) return;
    this.recentRejects.add(key);
    this.logger.debug({ peer: peer.id, txid: id.toHex(), reason: result.reason }, 'transaction rejected');
    peer.send({ command: 'reject', message: 'tx', code: result.rejectCode, reason: result.reason, hash: id });
  }

  onPeerClosed(peer: Peer): void {
    const queue = this.pending.get(peer);
    if (queue?.timer) clearTimeout(queue.timer);
    this.pending.delete(peer);
    for (const [key, r] of this.requested) if (r.peer === peer) this.requested.delete(key);
    this.requestsPerPeer.delete(peer);
  }

  stop(): void {
    for (const queue of this.pending.values()) clearTimeout(queue.timer);
    this.pending.clear();
  }

  private flush(peer: Peer, queue: PendingAnnouncements): void {
    queue.timer = undefined;
    const inventory: InvVector[] = [];
    for (const [key, hash] of queue.txids) {
      if (peer.knownInventory.has(key) || !this.mempool.has(hash)) continue;
      peer.knownInventory.add(key);
      inventory.push({ type: InvType.Tx, hash });
    }
    queue.txids.clear();
    if (peer.isClosed) return;
    for (let k = 0; k < inventory.length; k += MAX_INV_PER_ANNOUNCEMENT) {
      peer.send({ command: 'inv', inventory: inventory.slice(k, k + MAX_INV_PER_ANNOUNCEMENT) });
    }
    if (inventory.length > 0) this.onRelayed(inventory.length);
  }

  private atRequestLimit(peer: Peer): boolean {
    return (this.requestsPerPeer.get(peer) ?? 0) >= MAX_TX_REQUESTS_PER_PEER || this.requested.size >= MAX_TX_REQUESTS_TOTAL;
  }

  private forget(key: string): void {
    const request = this.requested.get(key);
    if (!request) return;
    this.requested.delete(key);
    this.requestsPerPeer.set(request.peer, (this.requestsPerPeer.get(request.peer) ?? 1) - 1);
  }

  /** Drops requests nobody answered in time (so a peer's quota frees up); returns how many. */
  private pruneExpired(now: number): number {
    let pruned = 0;
    for (const [key, r] of this.requested) {
      if (now - r.at < TX_REQUEST_TIMEOUT_MS) continue;
      this.forget(key);
      pruned += 1;
    }
    return pruned;
  }
}

import { MempoolRejectReason, type Mempool } from '@mbc/chain';
import { InvType, txid as computeTxid, type Hash256, type InvVector, type Transaction } from '@mbc/wire';

import { MAX_GETDATA_ENTRIES, MAX_INV_PER_ANNOUNCEMENT, MAX_TX_ACCEPTS_IN_PROGRESS, RECENT_REJECTS_CAPACITY } from '../constants';
import type { P2PLogger } from '../logger';
import type { Peer } from '../peer/peer';
import { fetchType } from '../peer/services';
import { BoundedSet } from '../util/bounded-set';
import { poissonDelayMs } from '../util/random';
import { TxRequestTracker, type TxRequestBatch } from './tx-request-tracker';

/** Already have it: Core ignores such a transaction silently (no reject, no penalty). */
const DUPLICATE_REASONS: ReadonlySet<MempoolRejectReason> = new Set([MempoolRejectReason.AlreadyInMempool, MempoolRejectReason.AlreadyConfirmed]);

interface PendingAnnouncements {
  readonly txids: Map<string, Hash256>;
  timer?: NodeJS.Timeout;
}

export interface TxRelayTimings {
  /** Mean of the Poisson delay before transactions are announced. */
  txRelayDelayMs: number;
  /** A requested transaction not delivered within this long is asked of another announcer. */
  txRequestTimeoutMs: number;
}

/**
 * Transaction relay: announcements batched per peer after a Poisson delay (Core's trickling),
 * de-duplicated against what each peer knows; unknown announced transactions fetched with batched
 * getdata (one request per txid at a time, re-asked of another announcer when the first fails —
 * TxRequestTracker); received ones submitted to the mempool, with a `reject` to the sender when refused.
 */
export class TxRelay {
  private readonly pending = new Map<Peer, PendingAnnouncements>();
  private readonly requests: TxRequestTracker;
  private readonly recentRejects = new BoundedSet<string>(RECENT_REJECTS_CAPACITY);
  /** Received transactions the mempool is still checking. */
  private accepting = 0;

  constructor(
    private readonly mempool: Mempool,
    private readonly timings: TxRelayTimings,
    private readonly onRelayed: (count: number) => void,
    private readonly logger: P2PLogger,
  ) {
    this.requests = new TxRequestTracker(timings.txRequestTimeoutMs);
  }

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
      if (!queue.timer) this.schedule(peer, queue);
    }
  }

  /**
   * inv of transactions: fetch the ones we lack that nobody is fetching yet, in getdata batches.
   * Past MAX_PEER_TX_ANNOUNCEMENTS outstanding from this peer the rest is ignored (Core does the same).
   */
  onInventory(peer: Peer, txids: readonly Hash256[]): void {
    const now = Date.now();
    const wanted: Hash256[] = [];
    for (const hash of txids) {
      const key = hash.toKey();
      peer.knownInventory.add(key);
      if (this.recentRejects.has(key) || this.mempool.has(hash)) continue;
      if (this.requests.announced(peer, key, hash, now)) wanted.push(hash);
    }
    this.request({ peer, hashes: wanted });
  }

  onNotFound(peer: Peer, txids: readonly Hash256[]): void {
    this.requestAll(this.requests.notFound(peer, txids.map((h) => h.toKey()), Date.now()));
  }

  /** Periodic: requests that timed out go to another peer that announced the transaction. */
  tick(): void {
    this.requestAll(this.requests.expire(Date.now()));
  }

  /**
   * A transaction from a peer goes to the mempool without holding up the peer's next message, so
   * a burst of them is checked against the txid index together; past MAX_TX_ACCEPTS_IN_PROGRESS
   * (all peers) the peer waits, which bounds the memory a flood can hold.
   */
  async onTransaction(peer: Peer, tx: Transaction): Promise<void> {
    this.accepting += 1;
    const accepted = this.accept(peer, tx)
      .catch((error: Error) => this.logger.error({ peer: peer.id, err: error.message }, 'transaction acceptance failed'))
      .finally(() => (this.accepting -= 1));
    if (this.accepting > MAX_TX_ACCEPTS_IN_PROGRESS) await accepted;
  }

  private async accept(peer: Peer, tx: Transaction): Promise<void> {
    // The mempool computes the txid anyway; only an undecodable-as-policy tx lacks one.
    const result = await this.mempool.accept(tx);
    const id = result.txid ?? computeTxid(tx);
    const key = id.toKey();
    // Marked before the delayed announcement flushes, so it never goes back to the sender.
    peer.knownInventory.add(key);
    this.requests.received(key);
    if (result.ok || DUPLICATE_REASONS.has(result.reason)) return;
    this.recentRejects.add(key);
    this.logger.debug({ peer: peer.id, txid: id.toHex(), reason: result.reason }, 'transaction rejected');
    peer.send({ command: 'reject', message: 'tx', code: result.rejectCode, reason: result.reason, hash: id });
  }

  onPeerClosed(peer: Peer): void {
    const queue = this.pending.get(peer);
    if (queue?.timer) clearTimeout(queue.timer);
    this.pending.delete(peer);
    this.requestAll(this.requests.peerGone(peer, Date.now()));
  }

  stop(): void {
    for (const queue of this.pending.values()) clearTimeout(queue.timer);
    this.pending.clear();
  }

  /**
   * One trickle: at most INVENTORY_BROADCAST_MAX (1,000) transactions, as Core, the rest at the
   * next trickle. This keeps what a peer has been announced and not yet fetched well under its
   * MAX_PEER_TX_ANNOUNCEMENTS, past which it would ignore (and so never fetch) our announcements.
   */
  private flush(peer: Peer, queue: PendingAnnouncements): void {
    queue.timer = undefined;
    if (peer.isClosed) return;
    const inventory: InvVector[] = [];
    for (const [key, hash] of queue.txids) {
      if (inventory.length === MAX_INV_PER_ANNOUNCEMENT) break;
      queue.txids.delete(key);
      if (peer.knownInventory.has(key) || !this.mempool.has(hash)) continue;
      peer.knownInventory.add(key);
      inventory.push({ type: InvType.Tx, hash });
    }
    if (inventory.length > 0) {
      peer.send({ command: 'inv', inventory });
      this.onRelayed(inventory.length);
    }
    if (queue.txids.size > 0) this.schedule(peer, queue);
  }

  private schedule(peer: Peer, queue: PendingAnnouncements): void {
    queue.timer = setTimeout(() => this.flush(peer, queue), poissonDelayMs(this.timings.txRelayDelayMs));
  }

  private requestAll(batches: readonly TxRequestBatch[]): void {
    for (const batch of batches) this.request(batch);
  }

  private request({ peer, hashes }: TxRequestBatch): void {
    const type = fetchType(peer, InvType.Tx);
    for (let k = 0; k < hashes.length; k += MAX_GETDATA_ENTRIES) {
      peer.send({ command: 'getdata', inventory: hashes.slice(k, k + MAX_GETDATA_ENTRIES).map((hash) => ({ type, hash })) });
    }
  }
}

import type { Hash256 } from '@mbc/wire';

import { MAX_PEER_TX_ANNOUNCEMENTS } from '../constants';
import type { Peer } from '../peer/peer';

interface Announcement {
  readonly hash: Hash256;
  /** Peers that announced it and may still be asked, in the order they announced it. */
  readonly candidates: Peer[];
  /** Who it is being fetched from, and since when (undefined: not requested yet). */
  requestedFrom?: Peer;
  requestedAt: number;
}

/** A request to send: `hashes` to ask of `peer` in one getdata. */
export interface TxRequestBatch {
  readonly peer: Peer;
  readonly hashes: Hash256[];
}

/**
 * Which peers announced which transactions we lack, and which one each is being fetched from — a
 * simpler form of Core's TxRequestTracker: one request in flight per txid; when that peer
 * disconnects, answers notfound or lets the request time out, the next peer that announced the
 * txid is asked. At most MAX_PEER_TX_ANNOUNCEMENTS per peer are tracked (Core ignores the rest),
 * so memory is bounded by the number of peers.
 */
export class TxRequestTracker {
  private readonly byTx = new Map<string, Announcement>();
  private readonly byPeer = new Map<Peer, Set<string>>();
  /** Requested entries, oldest request first (re-inserted on each request), so expiry stops early. */
  private readonly inFlight = new Map<string, Announcement>();

  constructor(private readonly timeoutMs: number) {}

  get size(): number {
    return this.byTx.size;
  }

  /** Announcements of `peer` still tracked. */
  countFor(peer: Peer): number {
    return this.byPeer.get(peer)?.size ?? 0;
  }

  isTracked(key: string): boolean {
    return this.byTx.has(key);
  }

  /**
   * Records that `peer` announced `hash`; returns true when it should be requested from `peer`
   * now (nobody is fetching it). False also when the peer is at its announcement limit.
   */
  announced(peer: Peer, key: string, hash: Hash256, now: number): boolean {
    const keys = this.keysOf(peer);
    if (keys.has(key)) return false;
    if (keys.size >= MAX_PEER_TX_ANNOUNCEMENTS) return false;
    keys.add(key);
    let entry = this.byTx.get(key);
    if (!entry) {
      entry = { hash, candidates: [], requestedAt: 0 };
      this.byTx.set(key, entry);
    }
    entry.candidates.push(peer);
    if (entry.requestedFrom) return false;
    this.markRequested(key, entry, peer, now);
    return true;
  }

  /** The transaction arrived (or turned out to be known): forget every announcement of it. */
  received(key: string): void {
    const entry = this.byTx.get(key);
    if (!entry) return;
    for (const peer of entry.candidates) this.byPeer.get(peer)?.delete(key);
    if (entry.requestedFrom) this.byPeer.get(entry.requestedFrom)?.delete(key);
    this.byTx.delete(key);
    this.inFlight.delete(key);
  }

  /** `peer` answered notfound: ask the next announcer, if any. */
  notFound(peer: Peer, keys: readonly string[], now: number): TxRequestBatch[] {
    const retry: [string, Announcement][] = [];
    for (const key of keys) {
      const entry = this.byTx.get(key);
      if (!entry || entry.requestedFrom !== peer) continue;
      this.dropRequest(key, entry);
      retry.push([key, entry]);
    }
    return this.reassign(retry, now);
  }

  /** `peer` is gone: its requests move to other announcers; its other announcements are forgotten. */
  peerGone(peer: Peer, now: number): TxRequestBatch[] {
    const keys = this.byPeer.get(peer);
    this.byPeer.delete(peer);
    if (!keys) return [];
    const retry: [string, Announcement][] = [];
    for (const key of keys) {
      const entry = this.byTx.get(key);
      if (!entry) continue;
      const at = entry.candidates.indexOf(peer);
      if (at >= 0) entry.candidates.splice(at, 1);
      if (entry.requestedFrom === peer) {
        entry.requestedFrom = undefined;
        this.inFlight.delete(key);
        retry.push([key, entry]);
      } else if (!entry.requestedFrom && entry.candidates.length === 0) {
        this.byTx.delete(key);
      }
    }
    return this.reassign(retry, now);
  }

  /** Requests unanswered for `timeoutMs` (Core's GETDATA_TX_INTERVAL) go to the next announcer. */
  expire(now: number): TxRequestBatch[] {
    const retry: [string, Announcement][] = [];
    for (const [key, entry] of this.inFlight) {
      if (now - entry.requestedAt < this.timeoutMs) break;
      this.dropRequest(key, entry);
      retry.push([key, entry]);
    }
    return this.reassign(retry, now);
  }

  /** Forgets the request of `entry` and that its peer may be asked again (Core: COMPLETED for that peer). */
  private dropRequest(key: string, entry: Announcement): void {
    const peer = entry.requestedFrom!;
    entry.requestedFrom = undefined;
    this.inFlight.delete(key);
    this.byPeer.get(peer)?.delete(key);
  }

  /** Asks each entry of the next peer that announced it; entries nobody else announced are dropped. */
  private reassign(entries: readonly [string, Announcement][], now: number): TxRequestBatch[] {
    const batches = new Map<Peer, Hash256[]>();
    for (const [key, entry] of entries) {
      const next = entry.candidates.find((p) => !p.isClosed);
      if (!next) {
        this.received(key);
        continue;
      }
      this.markRequested(key, entry, next, now);
      const hashes = batches.get(next) ?? [];
      hashes.push(entry.hash);
      batches.set(next, hashes);
    }
    return [...batches].map(([peer, hashes]) => ({ peer, hashes }));
  }

  private markRequested(key: string, entry: Announcement, peer: Peer, now: number): void {
    entry.candidates.splice(entry.candidates.indexOf(peer), 1);
    entry.requestedFrom = peer;
    entry.requestedAt = now;
    this.inFlight.delete(key);
    this.inFlight.set(key, entry);
  }

  private keysOf(peer: Peer): Set<string> {
    let keys = this.byPeer.get(peer);
    if (!keys) {
      keys = new Set();
      this.byPeer.set(peer, keys);
    }
    return keys;
  }
}

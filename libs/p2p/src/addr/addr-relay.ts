import type { TimedNetAddress } from '@mbc/wire';

import {
  ADDR_RELAY_FANOUT,
  MAX_ADDR_PROCESSING_TOKEN_BUCKET,
  MAX_ADDR_RATE_PER_SECOND,
  MAX_ADDR_TO_RELAY,
  MAX_ADDR_TO_SEND,
  MAX_PCT_ADDR_TO_SEND,
} from '../constants';
import { isAcceptableAddress, normalizeIp, type Endpoint } from '../net/endpoint';
import type { Peer } from '../peer/peer';
import type { AddressBook } from './address-book';

/** Core: an addr time more than 10 minutes ahead is replaced by "5 days ago". */
const MAX_ADDR_TIME_AHEAD_SEC = 600;
const PENALTY_AGE_SEC = 5 * 24 * 3600;

/** Core's per-peer addr state (Peer::m_addr_token_bucket, m_addr_token_timestamp, m_getaddr_sent). */
interface AddrPeerState {
  tokens: number;
  refilledAt: number;
  /** We sent getaddr and the (up to 1,000-entry) answer hasn't come yet: it is stored, not relayed. */
  getaddrSent: boolean;
}

/**
 * Address gossip (Core's addr handling): getaddr to outbound peers, getaddr answered once per
 * connection, learnt addresses kept in the address book, small fresh announcements relayed to
 * two peers, and our own address announced to outbound peers. Each peer's addresses are rate
 * limited by Core's token bucket (0.1 per second, 1,000 more after our getaddr): the excess is
 * dropped, so an addr flood costs a bounded amount of work and address-book churn.
 */
export class AddrRelay {
  private readonly states = new WeakMap<Peer, AddrPeerState>();

  constructor(
    private readonly book: AddressBook,
    private readonly allowPrivate: boolean,
    private readonly localAddress: () => (Endpoint & { services: bigint }) | undefined,
  ) {}

  onPeerReady(peer: Peer): void {
    // The bucket fills from the time of connection, as Core's (m_addr_token_timestamp).
    const state = this.stateOf(peer);
    if (peer.direction !== 'outbound') return;
    if (isAcceptableAddress(peer.remote.host, this.allowPrivate)) {
      this.book.add({ ...peer.remote, services: peer.remoteVersion?.services }, 'peer');
      this.book.markSuccess(peer.remote);
    }
    const self = this.localAddress();
    if (self) this.send(peer, [{ ip: self.host, port: self.port, services: self.services, time: nowSec() }]);
    peer.send({ command: 'getaddr' });
    state.getaddrSent = true;
    // Core: the answer to our getaddr may exceed the bucket's cap.
    state.tokens += MAX_ADDR_TO_SEND;
  }

  /** Core answers getaddr only from inbound peers (fingerprinting) and only once per connection. */
  onGetAddr(peer: Peer): void {
    if (peer.direction !== 'inbound' || peer.getaddrAnswered) return;
    peer.getaddrAnswered = true;
    // The peer's own addresses are no news to it: left out before sampling, so a small book's
    // answer (23% of it, at least one) still names someone else.
    const own = [peer.remote, peer.claimedListenAddress].filter((e): e is Endpoint => e !== undefined);
    const entries = this.book.sample(MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND, (e) => own.some((o) => o.host === e.host && o.port === e.port));
    this.send(peer, entries.map((e) => ({ ip: e.host, port: e.port, services: BigInt(e.services), time: e.lastSeen })));
  }

  onAddr(peer: Peer, addresses: readonly TimedNetAddress[], peers: readonly Peer[]): void {
    const now = nowSec();
    const state = this.stateOf(peer);
    this.refill(state);
    const fresh: TimedNetAddress[] = [];
    // Core shuffles first, so which entries survive the rate limit is not the sender's choice.
    for (const a of shuffle([...addresses])) {
      if (state.tokens < 1) break;
      state.tokens -= 1;
      const ip = normalizeIp(a.ip);
      peer.knownInventory.add(addrKey(ip, a.port));
      if (a.port === 0 || !isAcceptableAddress(ip, this.allowPrivate)) continue;
      const time = a.time > now + MAX_ADDR_TIME_AHEAD_SEC ? now - PENALTY_AGE_SEC : a.time;
      this.book.add({ host: ip, port: a.port, services: a.services, time }, 'addr');
      if (now - time < MAX_ADDR_TIME_AHEAD_SEC) fresh.push({ ...a, ip, time });
    }
    const answersGetaddr = state.getaddrSent;
    if (addresses.length < MAX_ADDR_TO_SEND) state.getaddrSent = false;
    // Core relays a small, fresh announcement (not a getaddr answer) to a couple of peers.
    if (answersGetaddr || addresses.length > MAX_ADDR_TO_RELAY || fresh.length === 0) return;
    const targets = shuffle(peers.filter((p) => p !== peer && p.isReady)).slice(0, ADDR_RELAY_FANOUT);
    for (const target of targets) this.send(target, fresh);
  }

  private stateOf(peer: Peer): AddrPeerState {
    let state = this.states.get(peer);
    if (!state) {
      state = { tokens: 1, refilledAt: Date.now(), getaddrSent: false };
      this.states.set(peer, state);
    }
    return state;
  }

  /** MAX_ADDR_RATE_PER_SECOND tokens per second since the last addr, up to the bucket's cap (never taking away a getaddr bonus). */
  private refill(state: AddrPeerState): void {
    const now = Date.now();
    if (state.tokens < MAX_ADDR_PROCESSING_TOKEN_BUCKET) {
      const earned = (Math.max(0, now - state.refilledAt) / 1000) * MAX_ADDR_RATE_PER_SECOND;
      state.tokens = Math.min(state.tokens + earned, MAX_ADDR_PROCESSING_TOKEN_BUCKET);
    }
    state.refilledAt = now;
  }

  private send(peer: Peer, addresses: readonly TimedNetAddress[]): void {
    const unknown = addresses.filter((a) => !peer.knownInventory.has(addrKey(a.ip, a.port)));
    if (unknown.length === 0) return;
    for (const a of unknown) peer.knownInventory.add(addrKey(a.ip, a.port));
    peer.send({ command: 'addr', addresses: unknown.slice(0, MAX_ADDR_TO_SEND) });
  }
}

function addrKey(ip: string, port: number): string {
  return `addr:${ip}:${port}`;
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

function shuffle<T>(items: T[]): T[] {
  for (let k = items.length - 1; k > 0; k--) {
    const j = Math.floor(Math.random() * (k + 1));
    [items[k], items[j]] = [items[j], items[k]];
  }
  return items;
}

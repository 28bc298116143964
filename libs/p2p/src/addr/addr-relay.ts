import type { TimedNetAddress } from '@mbc/wire';

import { ADDR_RELAY_FANOUT, MAX_ADDR_TO_RELAY, MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND } from '../constants';
import { isAcceptableAddress, normalizeIp, type Endpoint } from '../net/endpoint';
import type { Peer } from '../peer/peer';
import type { AddressBook } from './address-book';

/** Core: an addr time more than 10 minutes ahead is replaced by "5 days ago". */
const MAX_ADDR_TIME_AHEAD_SEC = 600;
const PENALTY_AGE_SEC = 5 * 24 * 3600;

/**
 * Address gossip (Core's addr handling): getaddr to outbound peers, getaddr answered once per
 * connection, learnt addresses kept in the address book, small fresh announcements relayed to
 * two peers, and our own address announced to outbound peers.
 */
export class AddrRelay {
  constructor(
    private readonly book: AddressBook,
    private readonly allowPrivate: boolean,
    private readonly localAddress: () => (Endpoint & { services: bigint }) | undefined,
  ) {}

  onPeerReady(peer: Peer): void {
    if (peer.direction !== 'outbound') return;
    if (isAcceptableAddress(peer.remote.host, this.allowPrivate)) {
      this.book.add({ ...peer.remote, services: peer.remoteVersion?.services }, 'peer');
      this.book.markSuccess(peer.remote);
    }
    const self = this.localAddress();
    if (self) this.send(peer, [{ ip: self.host, port: self.port, services: self.services, time: nowSec() }]);
    peer.send({ command: 'getaddr' });
  }

  /** Core answers getaddr only from inbound peers (fingerprinting) and only once per connection. */
  onGetAddr(peer: Peer): void {
    if (peer.direction !== 'inbound' || peer.getaddrAnswered) return;
    peer.getaddrAnswered = true;
    const entries = this.book.sample(MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND).filter((e) => e.host !== peer.remote.host || e.port !== peer.remote.port);
    this.send(peer, entries.map((e) => ({ ip: e.host, port: e.port, services: BigInt(e.services), time: e.lastSeen })));
  }

  onAddr(peer: Peer, addresses: readonly TimedNetAddress[], peers: readonly Peer[]): void {
    const now = nowSec();
    const fresh: TimedNetAddress[] = [];
    for (const a of addresses) {
      const ip = normalizeIp(a.ip);
      peer.knownInventory.add(addrKey(ip, a.port));
      if (a.port === 0 || !isAcceptableAddress(ip, this.allowPrivate)) continue;
      const time = a.time > now + MAX_ADDR_TIME_AHEAD_SEC ? now - PENALTY_AGE_SEC : a.time;
      this.book.add({ host: ip, port: a.port, services: a.services, time }, 'addr');
      if (now - time < MAX_ADDR_TIME_AHEAD_SEC) fresh.push({ ...a, ip, time });
    }
    // Core relays a small, fresh announcement (not a getaddr answer) to a couple of peers.
    if (addresses.length > MAX_ADDR_TO_RELAY || fresh.length === 0) return;
    const targets = shuffle(peers.filter((p) => p !== peer && p.isReady)).slice(0, ADDR_RELAY_FANOUT);
    for (const target of targets) this.send(target, fresh);
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

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

import type { VersionMessage } from '@mbc/wire';

import type { AddressBook } from '../addr/address-book';
import type { BanEntry, BanList } from '../bans/ban-list';
import type { P2PConfig } from '../config';
import { P2PError, P2PErrorCode } from '../errors';
import { withBindings, type P2PLogger } from '../logger';
import { DESIRABLE_SERVICES } from '../constants';
import { DisconnectReason } from '../peer/disconnect-reason';
import type { MisbehaviourReason } from '../peer/misbehaviour';
import { Peer } from '../peer/peer';
import type { PeerDirection } from '../peer/peer-info';
import { TypedEmitter } from '@mbc/chain';
import { openSocket, resolveEndpoint, resolveSeed } from './dial';
import { endpointKey, isAcceptableAddress, normalizeIp, parseEndpoint, type Endpoint } from './endpoint';

/** How the handshake of a connection ended (`mbc_handshakes_total{outcome}`). */
export type HandshakeOutcome = 'success' | 'timeout' | 'self' | 'rejected' | 'misbehaviour' | 'closed';

export interface PeerManagerEvents {
  /** A connection exists (before its handshake): wire its message handler now. */
  created: Peer;
  ready: Peer;
  closed: { peer: Peer; reason: DisconnectReason; wasReady: boolean };
  handshake: { outcome: HandshakeOutcome };
  misbehaviour: { peer: Peer; reason: MisbehaviourReason; score: number };
  banned: { address: string; reason: string };
}

/** Core dumps peers.dat every 15 minutes (DUMP_PEERS_INTERVAL). */
const ADDRESS_BOOK_SAVE_INTERVAL_MS = 15 * 60_000;

interface PersistentTarget {
  readonly text: string;
  failures: number;
  nextAttemptAt: number;
  peer?: Peer;
  dialing: boolean;
}

/**
 * Connections: the TCP server (inbound up to the limit, banned addresses dropped), the dialer
 * (-connect/-addnode targets kept connected with exponential backoff, outbound slots filled from
 * the address book, DNS seeds queried when short) and the rules that keep us from connecting to
 * ourselves or twice to the same `ip:port`. Misbehaving peers are banned here.
 */
export class PeerManager {
  readonly events = new TypedEmitter<PeerManagerEvents>();
  private readonly peers = new Map<number, Peer>();
  private readonly pendingDials = new Set<string>();
  /** Addresses that turned out to be us (a version carrying our own nonce). */
  private readonly selfAddresses = new Set<string>();
  private readonly persistent: PersistentTarget[];
  private server?: Server;
  private listening?: Endpoint;
  private nextId = 1;
  private running = false;
  private connectTimer?: NodeJS.Timeout;
  private saveTimer?: NodeJS.Timeout;
  private lastDnsQueryAt = 0;
  private automaticDials = 0;

  constructor(
    private readonly config: P2PConfig,
    private readonly magic: Buffer,
    private readonly defaultPort: number,
    private readonly bans: BanList,
    private readonly book: AddressBook,
    private readonly buildVersion: (remote: Endpoint) => VersionMessage,
    private readonly logger: P2PLogger,
  ) {
    const targets = config.connect.length > 0 ? config.connect : config.addnode;
    // Parse now: a bad configured address fails start-up with INVALID_ADDRESS, not later.
    for (const text of [...targets, ...config.dnsSeeds]) parseEndpoint(text, defaultPort);
    this.persistent = targets.map((text) => ({ text, failures: 0, nextAttemptAt: 0, dialing: false }));
  }

  /** Where the P2P server listens (read once: readiness asks on every block). */
  get listenAddress(): Endpoint | undefined {
    return this.listening;
  }

  /** Opens the listening socket (if configured); connections start with startConnecting(). */
  async listen(): Promise<void> {
    this.running = true;
    if (this.config.listen) await this.openServer();
  }

  startConnecting(): void {
    if (this.config.connect.length === 0) void this.queryDnsSeeds();
    this.connectTimer = setInterval(() => this.maintainConnections(), this.config.connectIntervalMs);
    this.connectTimer.unref();
    this.saveTimer = setInterval(() => void this.book.save(), ADDRESS_BOOK_SAVE_INTERVAL_MS);
    this.saveTimer.unref();
    this.maintainConnections();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.connectTimer);
    clearInterval(this.saveTimer);
    this.listening = undefined;
    const closing = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    for (const peer of [...this.peers.values()]) peer.close(DisconnectReason.Shutdown);
    await closing;
    await Promise.all([this.book.save(), this.bans.flush()]);
  }

  all(): Peer[] {
    return [...this.peers.values()];
  }

  ready(): Peer[] {
    return this.all().filter((p) => p.isReady);
  }

  get(id: number): Peer | undefined {
    return this.peers.get(id);
  }

  /**
   * Dials `address` (`host[:port]`) and resolves once the handshake is done. Rejects with a
   * P2PError: INVALID_ADDRESS, BANNED, DUPLICATE, LIMIT, SELF_CONNECTION, UNREACHABLE, TIMEOUT,
   * REJECTED.
   */
  async connect(address: string): Promise<Peer> {
    return this.dial(parseEndpoint(address, this.defaultPort));
  }

  /** Bans an address now: persisted, and current connections from it are dropped. */
  ban(address: string, reason: string, durationSec?: number): BanEntry {
    const entry = this.bans.add(address, reason, durationSec);
    for (const peer of this.all()) if (peer.remote.host === entry.address) peer.close(DisconnectReason.Banned);
    this.events.emit('banned', { address: entry.address, reason });
    return entry;
  }

  private async openServer(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    server.on('error', (error) => this.logger.error({ err: error.message }, 'P2P server error'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.listenPort, this.config.listenHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const bound = server.address() as AddressInfo;
    this.listening = { host: normalizeIp(bound.address), port: bound.port };
    this.logger.info({ address: this.listening }, 'P2P listening');
  }

  private accept(socket: Socket): void {
    const host = normalizeIp(socket.remoteAddress ?? '');
    const port = socket.remotePort ?? 0;
    if (!host || !this.running) return void socket.destroy();
    if (this.bans.isBanned(host)) {
      this.logger.debug({ address: host }, 'refusing banned inbound connection');
      return void socket.destroy();
    }
    const inbound = this.all().filter((p) => p.direction === 'inbound').length;
    const maxInbound = Math.max(0, this.config.maxConnections - this.config.maxOutbound);
    if (inbound >= maxInbound || this.peers.size >= this.config.maxConnections) {
      this.logger.debug({ address: host }, 'refusing inbound connection: no free slot');
      return void socket.destroy();
    }
    this.createPeer(socket, 'inbound', { host, port });
  }

  /** `automatic`: an outbound slot filled from the address book, held to DESIRABLE_SERVICES (manual dials are not, as in Core). */
  private async dial(target: Endpoint, automatic = false): Promise<Peer> {
    if (!this.running) throw new P2PError(P2PErrorCode.NotRunning, 'the P2P node is not running');
    const endpoint = await resolveEndpoint(target);
    const key = endpointKey(endpoint);
    if (this.selfAddresses.has(key)) throw new P2PError(P2PErrorCode.SelfConnection, `${key} is this node`);
    if (this.bans.isBanned(endpoint.host)) throw new P2PError(P2PErrorCode.Banned, `${endpoint.host} is banned`);
    if (this.pendingDials.has(key) || this.all().some((p) => p.direction === 'outbound' && p.address === key)) {
      throw new P2PError(P2PErrorCode.Duplicate, `already connected to ${key}`);
    }
    if (this.peers.size + this.pendingDials.size >= this.config.maxConnections) {
      throw new P2PError(P2PErrorCode.Limit, `connection limit of ${this.config.maxConnections} reached`);
    }
    this.pendingDials.add(key);
    let socket: Socket;
    try {
      socket = await openSocket(endpoint, this.config.dialTimeoutMs);
    } finally {
      this.pendingDials.delete(key);
    }
    if (!this.running) {
      socket.destroy();
      throw new P2PError(P2PErrorCode.NotRunning, 'the P2P node stopped while dialling');
    }
    const peer = this.createPeer(socket, 'outbound', endpoint, automatic ? DESIRABLE_SERVICES : undefined);
    return this.awaitHandshake(peer);
  }

  private awaitHandshake(peer: Peer): Promise<Peer> {
    return new Promise((resolve, reject) => {
      if (peer.isReady) return resolve(peer);
      const onReady = () => {
        peer.events.off('closed', onClosed);
        resolve(peer);
      };
      const onClosed = ({ reason }: { reason: DisconnectReason }) => {
        peer.events.off('ready', onReady);
        reject(handshakeError(peer, reason));
      };
      peer.events.once('ready', onReady);
      peer.events.once('closed', onClosed);
    });
  }

  private createPeer(socket: Socket, direction: PeerDirection, remote: Endpoint, expectedServices?: bigint): Peer {
    const id = this.nextId++;
    const address = endpointKey(remote);
    const peer = new Peer({
      id,
      socket,
      direction,
      remote,
      magic: this.magic,
      timings: this.config,
      localVersion: this.buildVersion,
      isOwnNonce: (nonce) => this.isOwnNonce(nonce),
      expectedServices,
      logger: withBindings(this.logger, { peer: id, address }),
    });
    this.peers.set(id, peer);
    peer.events.on('ready', () => {
      this.events.emit('handshake', { outcome: 'success' });
      this.events.emit('ready', peer);
    });
    peer.events.on('misbehaviour', (e) => this.events.emit('misbehaviour', e));
    peer.events.on('closed', ({ reason }) => this.onClosed(peer, reason));
    this.events.emit('created', peer);
    peer.start();
    return peer;
  }

  /**
   * A version nonce equal to one of our outbound versions means we dialled ourselves (Core's
   * CConnman::CheckIncomingNonce): both ends close, and the address is never dialled again.
   */
  private isOwnNonce(nonce: bigint): boolean {
    const ours = this.all().find((p) => p.direction === 'outbound' && p.localNonce === nonce);
    if (!ours) return false;
    this.selfAddresses.add(ours.address);
    ours.close(DisconnectReason.SelfConnection);
    return true;
  }

  private onClosed(peer: Peer, reason: DisconnectReason): void {
    this.peers.delete(peer.id);
    const wasReady = peer.isReady;
    if (!wasReady) this.events.emit('handshake', { outcome: handshakeOutcome(reason) });
    if (reason === DisconnectReason.Misbehaviour && peer.banReason) {
      // Core discourages by address; we ban it for banTimeSec, persisted (banlist.json).
      this.bans.add(peer.remote.host, peer.banReason);
      this.events.emit('banned', { address: peer.remote.host, reason: peer.banReason });
    }
    this.events.emit('closed', { peer, reason, wasReady });
    const target = this.persistent.find((t) => t.peer === peer);
    if (target) {
      target.peer = undefined;
      this.scheduleRetry(target, !wasReady);
    }
  }

  /** Keeps -connect/-addnode targets connected and fills outbound slots (Core's ThreadOpenConnections). */
  private maintainConnections(): void {
    if (!this.running) return;
    const now = Date.now();
    for (const target of this.persistent) {
      if (target.peer || target.dialing || now < target.nextAttemptAt) continue;
      void this.dialPersistent(target);
    }
    if (this.config.connect.length > 0) return;
    // -addnode peers don't take automatic outbound slots (Core counts them separately).
    const persistentPeers = new Set(this.persistent.map((t) => t.peer));
    let outbound = this.all().filter((p) => p.direction === 'outbound' && !persistentPeers.has(p)).length + this.automaticDials;
    while (outbound < this.config.maxOutbound) {
      const candidate = this.book.select((e) => !this.isDialable(e));
      if (!candidate) break;
      this.book.markAttempt(candidate);
      outbound += 1;
      this.automaticDials += 1;
      this.dial(candidate, true)
        .catch((error: P2PError) => this.logger.debug({ address: endpointKey(candidate), code: error.code }, 'outbound dial failed'))
        .finally(() => (this.automaticDials -= 1));
    }
    if (outbound < this.config.maxOutbound && now - this.lastDnsQueryAt >= this.config.dnsSeedIntervalMs) void this.queryDnsSeeds();
  }

  private isDialable(e: Endpoint): boolean {
    const key = endpointKey(e);
    return (
      isAcceptableAddress(e.host, this.config.allowPrivate) &&
      !this.selfAddresses.has(key) &&
      !this.pendingDials.has(key) &&
      !this.bans.isBanned(e.host) &&
      !this.all().some((p) => reachableKey(p) === key)
    );
  }

  private async dialPersistent(target: PersistentTarget): Promise<void> {
    target.dialing = true;
    try {
      target.peer = await this.dial(parseEndpoint(target.text, this.defaultPort));
      target.failures = 0;
    } catch (error) {
      const code = (error as P2PError).code;
      // Already connected (e.g. it dialled us back first, or a manual connect): not a failure.
      if (code !== P2PErrorCode.Duplicate) this.scheduleRetry(target, true);
      this.logger.debug({ target: target.text, code, err: (error as Error).message }, 'persistent peer dial failed');
    } finally {
      target.dialing = false;
    }
  }

  private scheduleRetry(target: PersistentTarget, failed: boolean): void {
    if (failed) target.failures += 1;
    const delay = Math.min(this.config.reconnectBaseDelayMs * 2 ** Math.max(0, target.failures - 1), this.config.reconnectMaxDelayMs);
    target.nextAttemptAt = Date.now() + delay;
  }

  /** Resolves every DNS seed into the address book (in Kubernetes: the headless Service's pods). */
  private async queryDnsSeeds(): Promise<void> {
    if (this.config.dnsSeeds.length === 0) return;
    this.lastDnsQueryAt = Date.now();
    for (const text of this.config.dnsSeeds) {
      try {
        const found = await resolveSeed(parseEndpoint(text, this.defaultPort));
        for (const e of found) if (isAcceptableAddress(e.host, this.config.allowPrivate)) this.book.add(e, 'dns');
        this.logger.debug({ seed: text, found: found.length }, 'DNS seed resolved');
      } catch (error) {
        this.logger.warn({ seed: text, err: (error as Error).message }, 'DNS seed lookup failed');
      }
    }
  }
}

function handshakeOutcome(reason: DisconnectReason): HandshakeOutcome {
  switch (reason) {
    case DisconnectReason.HandshakeTimeout:
      return 'timeout';
    case DisconnectReason.SelfConnection:
      return 'self';
    case DisconnectReason.ObsoleteVersion:
    case DisconnectReason.MissingServices:
      return 'rejected';
    case DisconnectReason.Misbehaviour:
      return 'misbehaviour';
    default:
      return 'closed';
  }
}

function handshakeError(peer: Peer, reason: DisconnectReason): P2PError {
  switch (reason) {
    case DisconnectReason.SelfConnection:
      return new P2PError(P2PErrorCode.SelfConnection, `${peer.address} is this node`);
    case DisconnectReason.HandshakeTimeout:
      return new P2PError(P2PErrorCode.Timeout, `handshake with ${peer.address} timed out`);
    default:
      return new P2PError(P2PErrorCode.Rejected, `${peer.address} closed the connection during the handshake (${reason})`);
  }
}

/**
 * The address a peer is reached at: where we dialled it, or for an inbound peer the listening
 * address it claimed. Automatic dials skip both: dialling back a node that dialled us would make
 * a second connection to the same node.
 */
function reachableKey(peer: Peer): string | undefined {
  if (peer.direction === 'outbound') return peer.address;
  const claimed = peer.claimedListenAddress;
  return claimed && endpointKey(claimed);
}

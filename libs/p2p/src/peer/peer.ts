import type { Socket } from 'node:net';

import { FrameDecoder, WireErrorCode, encodeFrame, type Hash256, type VersionMessage, type WireMessage } from '@mbc/wire';

import { BAN_SCORE_THRESHOLD, KNOWN_INVENTORY_CAPACITY, MAX_RECEIVE_BUFFER_BYTES, MIN_PEER_PROTOCOL_VERSION } from '../constants';
import type { P2PLogger } from '../logger';
import { endpointKey, normalizeIp, type Endpoint } from '../net/endpoint';
import { BoundedSet } from '../util/bounded-set';
import { TypedEmitter } from '@mbc/chain';
import { randomNonce } from '../util/random';
import { DisconnectReason } from './disconnect-reason';
import { MISBEHAVIOUR_SCORE, MisbehaviourReason } from './misbehaviour';
import { HandshakeState, type PeerDirection, type PeerInfo } from './peer-info';
import { TrafficStats } from './traffic-stats';

export interface PeerTimings {
  handshakeTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  inactivityTimeoutMs: number;
  maxSendBufferBytes: number;
}

export interface PeerOptions {
  id: number;
  socket: Socket;
  direction: PeerDirection;
  remote: Endpoint;
  magic: Buffer;
  timings: PeerTimings;
  /** Our version message for this connection (its nonce is what self-detection compares). */
  localVersion: (remote: Endpoint) => VersionMessage;
  /** True when a received version nonce is one we sent: we dialled ourselves. */
  isOwnNonce: (nonce: bigint) => boolean;
  /** Service bits the remote must offer, else we disconnect at its version (automatic outbound peers). */
  expectedServices?: bigint;
  logger: P2PLogger;
}

export type MessageHandler = (peer: Peer, message: WireMessage) => Promise<void> | void;
export type ArrivalHandler = (peer: Peer, message: WireMessage) => void;

export interface PeerEvents {
  /** Handshake done (version + verack both ways). */
  ready: Peer;
  received: { command: string; bytes: number };
  sent: { command: string; bytes: number };
  misbehaviour: { peer: Peer; reason: MisbehaviourReason; score: number };
  pong: { latencyMs: number };
  closed: { peer: Peer; reason: DisconnectReason };
}

/** Messages a peer may send between its version and its verack (BIP339, BIP155, BIP152, BIP133, BIP330). */
const FEATURE_NEGOTIATION = new Set(['wtxidrelay', 'sendaddrv2', 'sendcmpct', 'feefilter', 'sendheaders', 'unknown']);

/**
 * One connection. A Peer never dials: it is handed a connected socket, runs the version
 * handshake, keeps the link alive with BIP31 pings, frames what is sent (respecting socket
 * backpressure) and hands decoded messages, one at a time, to whoever listens to `message`.
 */
/** How long one peer's queued messages are handled before the event loop gets a turn. */
const INBOX_SLICE_MS = 10;

export class Peer {
  readonly id: number;
  readonly direction: PeerDirection;
  readonly remote: Endpoint;
  readonly address: string;
  readonly events = new TypedEmitter<PeerEvents>();
  readonly log: P2PLogger;

  /** What the peer told us in its version message. */
  remoteVersion?: VersionMessage;

  /**
   * The listening address the peer gave as addr_from in its version (our nodes send their
   * advertised address; Core sends none).
   */
  get claimedListenAddress(): Endpoint | undefined {
    const from = this.remoteVersion?.addrFrom;
    if (!from || from.port === 0) return undefined;
    return { host: normalizeIp(from.ip), port: from.port };
  }
  handshake = HandshakeState.Connecting;
  misbehaviourScore = 0;
  /** The first reason that pushed the score over the threshold (the ban reason). */
  banReason?: MisbehaviourReason;

  // State the sync, relay and address handlers keep about this peer.
  /** Hashes this peer has or was told about: nothing is announced back to it. */
  readonly knownInventory = new BoundedSet<string>(KNOWN_INVENTORY_CAPACITY);
  /** BIP130: the peer prefers block announcements as headers. */
  prefersHeaders = false;
  syncedHeaders = -1;
  syncedBlocks = -1;
  blocksInFlight = 0;
  /** Core's hashContinue: getdata of this block triggers an inv of our tip (getblocks sync). */
  hashContinue?: Hash256;
  getaddrAnswered = false;

  private readonly socket: Socket;
  private readonly magic: Buffer;
  private readonly timings: PeerTimings;
  private readonly decoder: FrameDecoder;
  private readonly localVersion: (remote: Endpoint) => VersionMessage;
  private readonly isOwnNonce: (nonce: bigint) => boolean;
  private readonly expectedServices: bigint;
  private readonly connectedAt = Date.now();
  private lastSendAt = Date.now();
  private lastReceiveAt = Date.now();
  private readonly traffic = new TrafficStats();
  private sentVersion?: VersionMessage;
  private verackReceived = false;
  private messageHandler?: MessageHandler;
  private arrivalHandler?: ArrivalHandler;
  private pingNonce?: bigint;
  private pingSentAt = 0;
  private lastPingMs: number | null = null;
  private minPingMs: number | null = null;
  private readonly inbox: { message: WireMessage; size: number }[] = [];
  private inboxBytes = 0;
  private processing = false;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(options: PeerOptions) {
    this.id = options.id;
    this.socket = options.socket;
    this.direction = options.direction;
    this.remote = options.remote;
    this.address = endpointKey(options.remote);
    this.magic = options.magic;
    this.timings = options.timings;
    this.localVersion = options.localVersion;
    this.isOwnNonce = options.isOwnNonce;
    this.expectedServices = options.expectedServices ?? 0n;
    this.log = options.logger;
    this.decoder = new FrameDecoder({ magic: options.magic });
  }

  /**
   * Sets who handles post-handshake messages. The peer awaits it before taking the next message,
   * so one peer's messages are processed in order and a slow reader throttles its own requests.
   */
  setMessageHandler(handler: MessageHandler): void {
    this.messageHandler = handler;
  }

  /**
   * Sees each message as soon as it is decoded (after the handshake), before it waits its turn in
   * the inbox: for work that must not queue behind the messages ahead of it, such as asking for
   * the next headers batch. It runs synchronously and must not throw.
   */
  setArrivalHandler(handler: ArrivalHandler): void {
    this.arrivalHandler = handler;
  }

  /** Starts reading; an outbound peer speaks first (Core: the initiator sends version). */
  start(): void {
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => {
      this.log.debug({ err: error.message }, 'socket error');
      this.close(DisconnectReason.Closed);
    });
    this.socket.on('close', () => this.close(DisconnectReason.Closed));
    this.socket.on('drain', () => {
      this.lastSendAt = Date.now();
    });
    if (this.direction === 'outbound') this.sendVersion();
    const shortest = Math.min(this.timings.handshakeTimeoutMs, this.timings.pingIntervalMs, this.timings.pingTimeoutMs, this.timings.inactivityTimeoutMs);
    this.timer = setInterval(() => this.checkTimers(), Math.max(10, Math.min(1_000, shortest / 4)));
    this.timer.unref();
  }

  get isReady(): boolean {
    return this.handshake === HandshakeState.Connected;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The nonce of the version we sent (self-connection detection). */
  get localNonce(): bigint | undefined {
    return this.sentVersion?.nonce;
  }

  /** Bytes written but not yet taken by the kernel. */
  get sendBacklogBytes(): number {
    return this.socket.writableLength;
  }

  /** Resolves when the send backlog has drained (or the peer closed). */
  whenDrained(): Promise<void> {
    if (this.closed || this.socket.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.events.off('closed', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.events.on('closed', done);
    });
  }

  send(message: WireMessage): void {
    if (this.closed) return;
    const frame = encodeFrame(this.magic, message);
    const command = message.command === 'unknown' ? message.name : message.command;
    // Messages sent in one synchronous burst (a getdata answered with 1,000 txs) leave in one
    // writev. The uncork is a microtask, not a nextTick: a message sent just before long work
    // (validating a headers batch) or amid a chain of promise steps (blocks connecting, their
    // getdata and announcements) must not wait until the whole tick has run.
    if (this.socket.writableCorked === 0) {
      this.socket.cork();
      queueMicrotask(() => this.socket.uncork());
    }
    this.socket.write(frame, () => {
      this.lastSendAt = Date.now();
    });
    this.traffic.onSent(command, frame.length);
    this.events.emit('sent', { command, bytes: frame.length });
    if (this.socket.writableLength > this.timings.maxSendBufferBytes) {
      this.log.info({ backlog: this.socket.writableLength }, 'peer is not reading; send buffer full');
      this.close(DisconnectReason.SendBufferFull);
    }
  }

  /** Adds to the misbehaviour score; at BAN_SCORE_THRESHOLD the peer is disconnected (and banned by its manager). */
  misbehave(reason: MisbehaviourReason, detail: string): void {
    if (this.closed) return;
    this.misbehaviourScore += MISBEHAVIOUR_SCORE[reason];
    this.log.info({ reason, detail, score: this.misbehaviourScore }, 'peer misbehaving');
    this.events.emit('misbehaviour', { peer: this, reason, score: this.misbehaviourScore });
    if (this.misbehaviourScore >= BAN_SCORE_THRESHOLD) {
      this.banReason ??= reason;
      this.close(DisconnectReason.Misbehaviour);
    }
  }

  close(reason: DisconnectReason): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.socket.destroy();
    this.inbox.length = 0;
    this.log.info({ reason, direction: this.direction }, 'peer disconnected');
    this.events.emit('closed', { peer: this, reason });
  }

  info(): PeerInfo {
    const v = this.remoteVersion;
    return {
      id: this.id,
      address: this.address,
      direction: this.direction,
      handshake: this.handshake,
      version: v?.version ?? 0,
      userAgent: v?.userAgent ?? '',
      services: (v?.services ?? 0n).toString(),
      relay: v?.relay ?? false,
      startHeight: v?.startHeight ?? -1,
      syncedHeaders: this.syncedHeaders,
      syncedBlocks: this.syncedBlocks,
      lastPingMs: this.lastPingMs,
      minPingMs: this.minPingMs,
      pingWaitMs: this.pingNonce === undefined ? null : Date.now() - this.pingSentAt,
      bytesSent: this.traffic.bytesSent,
      bytesReceived: this.traffic.bytesReceived,
      sentPerCommand: this.traffic.sentPerCommand(),
      receivedPerCommand: this.traffic.receivedPerCommand(),
      connectedAt: this.connectedAt,
      lastSendAt: this.lastSendAt,
      lastReceiveAt: this.lastReceiveAt,
      misbehaviourScore: this.misbehaviourScore,
      blocksInFlight: this.blocksInFlight,
    };
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.lastReceiveAt = Date.now();
    this.traffic.onBytesReceived(chunk.length);
    for (const event of this.decoder.push(chunk)) {
      if (this.closed) return;
      if (!event.ok) {
        this.misbehave(decodeFailureReason(event.error.code, event.fatal), event.error.message);
        continue;
      }
      this.traffic.onMessageReceived(event.message.command, event.size);
      this.events.emit('received', { command: event.message.command, bytes: event.size });
      this.inbox.push({ message: event.message, size: event.size });
      this.inboxBytes += event.size;
      if (this.isReady && this.arrivalHandler) this.onArrival(this.arrivalHandler, event.message);
    }
    // Core's -maxreceivebuffer: stop reading while too much is waiting to be processed.
    if (this.inboxBytes > MAX_RECEIVE_BUFFER_BYTES) this.socket.pause();
    void this.processInbox();
  }

  /** A failing arrival handler is our bug, not the peer's: logged, the peer dropped, the node unharmed. */
  private onArrival(handler: ArrivalHandler, message: WireMessage): void {
    try {
      handler(this, message);
    } catch (error) {
      this.log.error({ err: (error as Error).message, stack: (error as Error).stack }, 'arrival handler failed');
      this.close(DisconnectReason.Closed);
    }
  }

  private async processInbox(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      let sliceStartedAt = performance.now();
      while (!this.closed && this.inbox.length > 0) {
        // A burst from one peer (10,000 transactions) must not hold the event loop: timers (relay
        // trickles, pings), other peers and the API get their turn every few milliseconds.
        if (performance.now() - sliceStartedAt > INBOX_SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStartedAt = performance.now();
          if (this.closed) break;
        }
        const { message, size } = this.inbox.shift()!;
        // The message stays counted until handled: a getdata whose answer waits for a peer that
        // never reads must keep reading paused, or its successors pile up decoded (50,000
        // inventory objects weigh far more than their 1.8 MB of wire bytes).
        await this.handle(message);
        this.inboxBytes -= size;
        if (this.inboxBytes <= MAX_RECEIVE_BUFFER_BYTES && this.socket.isPaused()) this.socket.resume();
      }
    } catch (error) {
      this.log.error({ err: (error as Error).message, stack: (error as Error).stack }, 'message handler failed');
      this.close(DisconnectReason.Closed);
    } finally {
      this.processing = false;
    }
  }

  private async handle(message: WireMessage): Promise<void> {
    if (!this.remoteVersion) {
      if (message.command === 'version') return this.onVersion(message);
      return this.misbehave(MisbehaviourReason.MessageBeforeVersion, `${message.command} before version`);
    }
    switch (message.command) {
      case 'version':
        return this.misbehave(MisbehaviourReason.DuplicateVersion, 'second version message');
      case 'verack':
        return this.onVerack();
      case 'ping':
        // BIP31: echo the nonce.
        return this.send({ command: 'pong', nonce: message.nonce });
      case 'pong':
        return this.onPong(message.nonce);
    }
    if (!this.isReady) {
      // Core ignores anything but feature negotiation before verack ("unsupported message prior to verack").
      if (!FEATURE_NEGOTIATION.has(message.command)) this.log.debug({ command: message.command }, 'ignoring message before verack');
      if (message.command !== 'sendheaders') return;
    }
    if (message.command === 'sendheaders') {
      this.prefersHeaders = true;
      return;
    }
    await this.messageHandler?.(this, message);
  }

  private sendVersion(): void {
    this.sentVersion = this.localVersion(this.remote);
    if (this.handshake === HandshakeState.Connecting) this.handshake = HandshakeState.VersionSent;
    this.send(this.sentVersion);
  }

  private onVersion(version: VersionMessage): void {
    if (this.isOwnNonce(version.nonce)) {
      this.log.info({}, 'connected to self; disconnecting');
      return this.close(DisconnectReason.SelfConnection);
    }
    if ((version.services & this.expectedServices) !== this.expectedServices) {
      this.log.info({ services: version.services.toString(16), expected: this.expectedServices.toString(16) }, 'peer does not offer the expected services');
      return this.close(DisconnectReason.MissingServices);
    }
    if (version.version < MIN_PEER_PROTOCOL_VERSION) {
      this.log.info({ version: version.version }, 'peer uses an obsolete protocol version');
      return this.close(DisconnectReason.ObsoleteVersion);
    }
    this.remoteVersion = version;
    this.syncedHeaders = -1;
    if (!this.sentVersion) this.sendVersion();
    this.send({ command: 'verack' });
    this.maybeReady();
  }

  private onVerack(): void {
    if (this.verackReceived) return;
    this.verackReceived = true;
    this.maybeReady();
  }

  private maybeReady(): void {
    if (!this.remoteVersion || !this.verackReceived || this.isReady) return;
    this.handshake = HandshakeState.Connected;
    const { version, userAgent, startHeight } = this.remoteVersion;
    this.log.info({ direction: this.direction, version, userAgent, startHeight }, 'peer connected');
    this.events.emit('ready', this);
    this.sendPing();
  }

  private sendPing(): void {
    this.pingNonce = randomNonce();
    this.pingSentAt = Date.now();
    this.send({ command: 'ping', nonce: this.pingNonce });
  }

  private onPong(nonce: bigint): void {
    // Core ignores a pong whose nonce doesn't match ("nonce mismatch") and keeps waiting.
    if (this.pingNonce === undefined || nonce !== this.pingNonce) return;
    const latencyMs = Date.now() - this.pingSentAt;
    this.pingNonce = undefined;
    this.lastPingMs = latencyMs;
    this.minPingMs = this.minPingMs === null ? latencyMs : Math.min(this.minPingMs, latencyMs);
    this.events.emit('pong', { latencyMs });
  }

  private checkTimers(): void {
    const now = Date.now();
    const t = this.timings;
    if (!this.isReady) {
      if (now - this.connectedAt > t.handshakeTimeoutMs) this.close(DisconnectReason.HandshakeTimeout);
      return;
    }
    if (this.pingNonce !== undefined && now - this.pingSentAt > t.pingTimeoutMs) return this.close(DisconnectReason.PingTimeout);
    if (now - this.lastReceiveAt > t.inactivityTimeoutMs || now - this.lastSendAt > t.inactivityTimeoutMs) {
      return this.close(DisconnectReason.Inactivity);
    }
    if (this.pingNonce === undefined && now - this.pingSentAt >= t.pingIntervalMs) this.sendPing();
  }
}

/**
 * Too many entries (inv/getdata over 50,000, addr over 1,000) or a payload over its command's cap
 * cost 20 as in Core; anything else undecodable — and any error that desynchronises the stream —
 * means the peer is broken or hostile.
 */
function decodeFailureReason(code: WireErrorCode, fatal: boolean): MisbehaviourReason {
  const oversized = code === WireErrorCode.CountTooLarge || code === WireErrorCode.PayloadTooLarge;
  return oversized && !fatal ? MisbehaviourReason.OversizedMessage : MisbehaviourReason.MalformedMessage;
}

import type { AcceptResult, Chain, Mempool, NetworkParams } from '@mbc/chain';
import { TypedEmitter } from '@mbc/chain';
import { InvType, type Hash256, type Transaction, type VersionMessage, type WireMessage } from '@mbc/wire';

import { AddrRelay } from './addr/addr-relay';
import { AddressBook } from './addr/address-book';
import { BanList, type BanEntry } from './bans/ban-list';
import { resolveP2PConfig, type P2PConfig, type P2PConfigInput } from './config';
import { LOCAL_SERVICES, PROTOCOL_VERSION, SENDHEADERS_VERSION } from './constants';
import type { P2PEvents } from './events';
import { silentLogger, type P2PLogger } from './logger';
import { resolveEndpoint } from './net/dial';
import { isAcceptableAddress, parseEndpoint, type Endpoint } from './net/endpoint';
import { PeerManager } from './net/peer-manager';
import { DisconnectReason } from './peer/disconnect-reason';
import type { Peer } from './peer/peer';
import type { PeerInfo } from './peer/peer-info';
import { announceTip } from './relay/block-announcer';
import { RequestServer } from './relay/request-server';
import { TxRelay } from './relay/tx-relay';
import { SyncManager } from './sync/sync-manager';
import type { SyncState } from './sync/sync-state';
import { randomNonce } from './util/random';

export interface P2PNodeOptions {
  params: NetworkParams;
  chain: Chain;
  mempool: Mempool;
  config: P2PConfigInput;
  logger?: P2PLogger;
}

/** Ban management as the API sees it: changes apply to live connections and banlist.json. */
export interface BanControl {
  list(): BanEntry[];
  /** Bans an IP (default: the configured ban time) and drops its connections. Throws INVALID_ADDRESS. */
  add(address: string, reason?: string, durationSec?: number): BanEntry;
  remove(address: string): boolean;
}

/**
 * The P2P engine behind one facade: connections (PeerManager), headers-first sync
 * (SyncManager), relay of blocks and transactions, address gossip and serving peers' requests.
 */
export class P2PNode {
  readonly events = new TypedEmitter<P2PEvents>();
  readonly config: P2PConfig;
  readonly addressBook: AddressBook;
  readonly bans: BanControl;

  private readonly chain: Chain;
  private readonly mempool: Mempool;
  private readonly logger: P2PLogger;
  private readonly banList: BanList;
  private readonly manager: PeerManager;
  private readonly sync: SyncManager;
  private readonly txRelay: TxRelay;
  private readonly server: RequestServer;
  private readonly addr: AddrRelay;
  private localAddress?: Endpoint;
  private syncTimer?: NodeJS.Timeout;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(options: P2PNodeOptions) {
    this.config = resolveP2PConfig(options.config);
    this.chain = options.chain;
    this.mempool = options.mempool;
    this.logger = options.logger ?? silentLogger;
    this.banList = new BanList(this.config.dataDir, this.config.banTimeSec, this.logger);
    this.addressBook = new AddressBook(this.config.dataDir, undefined, this.logger);
    this.manager = new PeerManager(
      this.config,
      options.params.magic,
      options.params.defaultPort,
      this.banList,
      this.addressBook,
      (remote) => this.buildVersion(remote),
      this.logger,
    );
    this.sync = new SyncManager(
      this.chain,
      () => this.manager.ready(),
      this.config,
      {
        blockAnnounced: (hash, firstSeenMs) => this.events.emit('blockAnnounced', { hash, firstSeenMs }),
        syncProgress: (state) => this.events.emit('syncProgress', state),
      },
      this.logger,
    );
    this.txRelay = new TxRelay(this.mempool, this.config, (count) => this.events.emit('txRelayed', { count }), this.logger);
    this.server = new RequestServer(this.chain, this.mempool);
    this.addr = new AddrRelay(this.addressBook, this.config.allowPrivate, () =>
      this.localAddress ? { ...this.localAddress, services: LOCAL_SERVICES } : undefined,
    );
    this.bans = {
      list: () => this.banList.list(),
      add: (address, reason = 'manual', durationSec) => this.manager.ban(address, reason, durationSec),
      remove: (address) => this.banList.remove(address),
    };
    this.wireEvents();
  }

  get listenAddress(): Endpoint | undefined {
    return this.manager.listenAddress;
  }

  async start(): Promise<void> {
    await this.manager.listen();
    this.localAddress = await this.resolveLocalAddress();
    this.unsubscribe.push(
      this.chain.events.on('tipChanged', ({ entry }) => {
        // Announce only a tip that is our best header: not each block of an initial-sync backlog.
        if (entry.height < this.chain.bestHeader.height) return;
        const peers = announceTip(this.chain, entry, this.manager.ready());
        this.events.emit('blockRelayed', { hash: entry.hash, height: entry.height, peers });
      }),
      this.mempool.events.on('txAccepted', ({ txid }) => this.txRelay.announce(txid, this.manager.ready())),
    );
    this.manager.startConnecting();
    const tickMs = Math.max(50, Math.min(this.config.blockStallTimeoutMs, this.config.headersTimeoutMs, this.config.txRequestTimeoutMs) / 4);
    this.syncTimer = setInterval(() => {
      void this.sync.tick();
      this.txRelay.tick();
    }, tickMs);
    this.syncTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.syncTimer);
    for (const off of this.unsubscribe.splice(0)) off();
    this.txRelay.stop();
    await this.manager.stop();
    await this.sync.idle();
  }

  /** Dials `host[:port]`; resolves after the handshake. Rejects with a P2PError (see P2PErrorCode). */
  async connect(address: string): Promise<PeerInfo> {
    return (await this.manager.connect(address)).info();
  }

  disconnect(id: number): boolean {
    const peer = this.manager.get(id);
    peer?.close(DisconnectReason.Requested);
    return peer !== undefined;
  }

  peers(): PeerInfo[] {
    return this.manager.all().map((p) => p.info());
  }

  /** Connections by direction, without building every peer's info (the chain summary asks per request). */
  peerCounts(): { inbound: number; outbound: number } {
    const all = this.manager.all();
    const inbound = all.filter((p) => p.direction === 'inbound').length;
    return { inbound, outbound: all.length - inbound };
  }

  peer(id: number): PeerInfo | undefined {
    return this.manager.get(id)?.info();
  }

  /** Mempool accept, then relay to peers (through the mempool's txAccepted event). */
  broadcastTransaction(tx: Transaction): Promise<AcceptResult> {
    return this.mempool.accept(tx);
  }

  syncState(): SyncState {
    return this.sync.state();
  }

  private wireEvents(): void {
    const m = this.manager.events;
    m.on('created', (peer) => {
      peer.setMessageHandler((p, message) => this.dispatch(p, message));
      peer.setArrivalHandler((p, message) => {
        if (message.command === 'headers') this.sync.onHeadersArrived(p, message.headers);
      });
      peer.events.on('received', (e) => this.events.emit('messageReceived', e));
      peer.events.on('sent', (e) => this.events.emit('messageSent', e));
      peer.events.on('pong', ({ latencyMs }) => this.events.emit('pingLatency', { seconds: latencyMs / 1000 }));
    });
    m.on('ready', (peer) => {
      // BIP130: ask for block announcements as headers.
      if ((peer.remoteVersion?.version ?? 0) >= SENDHEADERS_VERSION) peer.send({ command: 'sendheaders' });
      this.addr.onPeerReady(peer);
      void this.sync.onPeerReady();
      this.events.emit('peerConnected', peer.info());
    });
    m.on('closed', ({ peer, reason, wasReady }) => {
      this.txRelay.onPeerClosed(peer);
      void this.sync.onPeerClosed(peer);
      if (wasReady) this.events.emit('peerDisconnected', { id: peer.id, address: peer.address, reason });
    });
    m.on('handshake', (e) => this.events.emit('handshake', e));
    m.on('misbehaviour', ({ peer, reason, score }) => this.events.emit('misbehaviour', { id: peer.id, address: peer.address, reason, score }));
    m.on('banned', (e) => this.events.emit('peerBanned', e));
  }

  private async dispatch(peer: Peer, message: WireMessage): Promise<void> {
    switch (message.command) {
      case 'headers':
        return this.sync.onHeaders(peer, message.headers);
      case 'block':
        return this.sync.onBlock(peer, message.block);
      case 'inv': {
        const blocks: Hash256[] = [];
        const txs: Hash256[] = [];
        for (const item of message.inventory) {
          const type = item.type & ~InvType.WitnessFlag;
          if (type === InvType.Block) blocks.push(item.hash);
          else if (type === InvType.Tx) txs.push(item.hash);
        }
        if (txs.length > 0) this.txRelay.onInventory(peer, txs);
        if (blocks.length > 0) await this.sync.onBlockInventory(peer, blocks);
        return;
      }
      case 'notfound':
        this.txRelay.onNotFound(
          peer,
          message.inventory.filter((i) => (i.type & ~InvType.WitnessFlag) === InvType.Tx).map((i) => i.hash),
        );
        return this.sync.onNotFound(peer, message.inventory);
      case 'tx':
        return this.txRelay.onTransaction(peer, message.tx);
      case 'getdata':
        return this.server.onGetData(peer, message.inventory);
      case 'getheaders':
        return this.server.onGetHeaders(peer, message);
      case 'getblocks':
        return this.server.onGetBlocks(peer, message);
      case 'mempool':
        return this.server.onMempool(peer);
      case 'getaddr':
        return this.addr.onGetAddr(peer);
      case 'addr':
        return this.addr.onAddr(peer, message.addresses, this.manager.ready());
      case 'reject':
        peer.log.info({ message: message.message, code: message.code, reason: message.reason, hash: message.hash?.toHex() }, 'peer rejected our message');
        return;
      default:
        // feefilter, sendcmpct, wtxidrelay, sendaddrv2 and unknown commands: accepted, unused.
        return;
    }
  }

  private buildVersion(remote: Endpoint): VersionMessage {
    // Core now sends an empty addr_from; we fill it only when we have an address worth dialling.
    const from = this.localAddress ?? { host: '0.0.0.0', port: 0 };
    return {
      command: 'version',
      version: PROTOCOL_VERSION,
      services: LOCAL_SERVICES,
      timestamp: BigInt(Math.floor(Date.now() / 1000)),
      addrRecv: { services: 0n, ip: remote.host, port: remote.port },
      addrFrom: { services: LOCAL_SERVICES, ip: from.host, port: from.port },
      nonce: randomNonce(),
      userAgent: this.config.userAgent,
      startHeight: this.chain.tip.height,
      relay: true,
    };
  }

  /** `advertise` if set (resolved to an IP), else our listen address when others could dial it. */
  private async resolveLocalAddress(): Promise<Endpoint | undefined> {
    const listening = this.manager.listenAddress;
    if (this.config.advertise) return resolveEndpoint(parseEndpoint(this.config.advertise, listening?.port ?? this.config.listenPort));
    return listening && isAcceptableAddress(listening.host, this.config.allowPrivate) ? listening : undefined;
  }
}

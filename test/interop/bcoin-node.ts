// A bcoin FullNode (bcoin-org's JavaScript Bitcoin implementation, npm bcoin@1.0.2) on regtest,
// run as a child process of the interop e2e test and driven over IPC. Build with `npm run build`,
// then `fork('dist/test/interop/bcoin-node.js')`. Nothing here is our code: bcoin does its own
// handshake, sync and full contextual block validation; we only observe it and ask it to mine.
import type { BcoinCommand, BcoinPeerStatus, BcoinReady, BcoinReply, BcoinStartOptions, BcoinStatus } from './bcoin-protocol';

// bcoin ships no type declarations: these are the few members this script touches.
interface BcoinPacket {
  readonly cmd: string;
}
interface BcoinPeer {
  readonly next: BcoinPeer | null;
  readonly outbound: boolean;
  readonly handshake: boolean;
  readonly agent: string | null;
  readonly version: number;
  readonly services: number;
  readonly lastPong: number;
  hostname(): string;
  sendPing(): void;
}
interface BcoinChainEntry {
  rhash(): string;
}
interface BcoinBlock {
  rhash(): string;
}
interface BcoinVerifyError extends Error {
  readonly type: string;
  readonly reason: string;
  readonly code: string;
  readonly score: number;
  readonly hash: Buffer;
}
interface BcoinFullNode {
  readonly chain: {
    readonly height: number;
    readonly tip: BcoinChainEntry;
    add(block: BcoinBlock, ...rest: unknown[]): Promise<BcoinChainEntry | null>;
  };
  readonly pool: {
    readonly options: { port: number };
    readonly server: { address(): { port: number } };
    readonly peers: { head(): BcoinPeer | null };
    readonly hosts: { add(addr: unknown): unknown; toArray(): { hostname: string }[] };
    handlePacket(peer: BcoinPeer, packet: BcoinPacket): Promise<void>;
    discoverExternal(): Promise<void>;
    discoverGateway(): Promise<boolean>;
    discoverSeeds(checkPeers?: boolean): Promise<void>;
  };
  readonly miner: { mineBlock(tip: BcoinChainEntry, address?: unknown): Promise<BcoinBlock> };
  ensure(): Promise<void>;
  open(): Promise<void>;
  connect(): Promise<void>;
  startSync(): Promise<void>;
  close(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface BcoinModule {
  FullNode: new (options: Record<string, unknown>) => BcoinFullNode;
  net: {
    NetAddress: { fromHostname(hostname: string, network: string): unknown };
    Peer: { prototype: { send(packet: BcoinPacket): void } };
    common: { USER_AGENT: string };
  };
}

const bcoin = require('bcoin') as BcoinModule;

const received = new Map<string, number>();
const sent = new Map<string, number>();
const rejects: BcoinStatus['rejects'] = [];
const errors: string[] = [];

function bump(counts: Map<string, number>, command: string): void {
  counts.set(command, (counts.get(command) ?? 0) + 1);
}

function peersOf(node: BcoinFullNode): BcoinStatus['peers'] {
  const peers: BcoinPeerStatus[] = [];
  for (let peer = node.pool.peers.head(); peer; peer = peer.next) {
    peers.push({
      address: peer.hostname(),
      outbound: peer.outbound,
      handshake: peer.handshake,
      agent: peer.agent,
      version: peer.version,
      services: peer.services,
      lastPongMs: peer.lastPong,
    });
  }
  return peers;
}

function status(node: BcoinFullNode): BcoinStatus {
  return {
    height: node.chain.height,
    tip: node.chain.tip.rhash(),
    peers: peersOf(node),
    received: Object.fromEntries(received),
    sent: Object.fromEntries(sent),
    rejects,
    errors,
    hosts: node.pool.hosts.toArray().map((a) => a.hostname),
  };
}

/** Counts every packet bcoin receives and sends, and records bcoin's own reject reasons. */
function instrument(node: BcoinFullNode): void {
  const handlePacket = node.pool.handlePacket.bind(node.pool);
  node.pool.handlePacket = (peer, packet) => {
    bump(received, packet.cmd);
    return handlePacket(peer, packet);
  };
  const send = bcoin.net.Peer.prototype.send;
  bcoin.net.Peer.prototype.send = function (this: unknown, packet: BcoinPacket) {
    bump(sent, packet.cmd);
    return send.call(this, packet);
  };
  const add = node.chain.add.bind(node.chain);
  node.chain.add = async (block, ...rest) => {
    try {
      return await add(block, ...rest);
    } catch (error) {
      const e = error as BcoinVerifyError;
      if (e.type === 'VerifyError') rejects.push({ hash: block.rhash(), reason: e.reason, code: e.code, score: e.score });
      throw error;
    }
  };
  node.on('error', (error) => errors.push(error.message));
}

async function mine(node: BcoinFullNode, count: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const block = await node.miner.mineBlock(node.chain.tip);
    // chain.add emits 'block'; the pool announces it to peers once the chain counts as synced.
    await node.chain.add(block);
    hashes.push(block.rhash());
  }
  return hashes;
}

async function handle(node: BcoinFullNode, command: BcoinCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'status':
      return status(node);
    case 'mine':
      return mine(node, command.count);
    case 'ping': {
      const at = Date.now();
      for (let peer = node.pool.peers.head(); peer; peer = peer.next) if (peer.handshake) peer.sendPing();
      return at;
    }
    case 'addHost':
      node.pool.hosts.add(bcoin.net.NetAddress.fromHostname(command.hostname, 'regtest'));
      return true;
  }
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as BcoinStartOptions;
  const node = new bcoin.FullNode({
    network: 'regtest',
    prefix: options.prefix,
    memory: true,
    workers: false,
    logLevel: options.logLevel ?? 'warning',
    listen: true,
    host: '127.0.0.1',
    // HostList insists on a non-zero port; the real listen port is set to 0 below.
    port: 48444,
    httpHost: '127.0.0.1',
    httpPort: 0,
    only: options.only ?? [],
    maxOutbound: options.only?.length ?? 0,
    checkpoints: false,
  });
  node.pool.options.port = 0;
  // Keep all traffic on loopback: no external-IP lookup, no UPnP, no DNS seeds.
  node.pool.discoverExternal = async () => undefined;
  node.pool.discoverGateway = async () => false;
  node.pool.discoverSeeds = async () => undefined;
  instrument(node);

  const shutdown = async () => {
    await node.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  await node.ensure();
  await node.open();
  await node.connect();
  process.on('message', (message: { id: number; command: BcoinCommand }) => {
    handle(node, message.command).then(
      (result) => process.send?.({ id: message.id, ok: true, result } satisfies BcoinReply),
      (error: Error) => process.send?.({ id: message.id, ok: false, error: error.stack ?? error.message } satisfies BcoinReply),
    );
  });
  await node.startSync();
  process.send?.({ ready: true, p2pPort: node.pool.server.address().port, userAgent: bcoin.net.common.USER_AGENT } satisfies BcoinReady);
}

main().catch((error: Error) => {
  process.stderr.write(`bcoin-node failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});

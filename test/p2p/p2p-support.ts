import * as fs from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { Chain, LevelChainStore, MemoryChainStore, Mempool, Miner, REGTEST } from '@mbc/chain';
import { P2PNode, type P2PConfigInput, type P2PLogger } from '@mbc/p2p';
import { FrameDecoder, encodeFrame, type WireMessage } from '@mbc/wire';

import { waitFor as pollUntil } from '../harness/wait-for';

/** Small timings so the whole file runs in seconds. */
export const FAST_TIMINGS = {
  handshakeTimeoutMs: 2_000,
  pingIntervalMs: 60_000,
  pingTimeoutMs: 60_000,
  inactivityTimeoutMs: 60_000,
  txRelayDelayMs: 20,
  blockStallTimeoutMs: 2_000,
  headersTimeoutMs: 5_000,
  reconnectBaseDelayMs: 100,
  reconnectMaxDelayMs: 1_000,
  connectIntervalMs: 50,
  dialTimeoutMs: 2_000,
} satisfies Partial<P2PConfigInput>;

export interface TestNode {
  readonly node: P2PNode;
  readonly chain: Chain;
  readonly mempool: Mempool;
  readonly miner: Miner;
  readonly dataDir: string;
  /** `127.0.0.1:<port>` */
  readonly address: string;
  stop(): Promise<void>;
}

const live: TestNode[] = [];

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mbc-'));
}

export interface StartOptions {
  config?: Partial<P2PConfigInput>;
  dataDir?: string;
  /** A LevelDB chain store in dataDir instead of memory. */
  level?: boolean;
  logger?: P2PLogger;
}

/** A P2P node on 127.0.0.1:0 with its own chain, mempool and miner; stopped by stopAll(). */
export async function startNode(options: StartOptions = {}): Promise<TestNode> {
  const dataDir = options.dataDir ?? tempDir();
  const store = options.level ? new LevelChainStore(dataDir) : new MemoryChainStore();
  const chain = await Chain.open({ params: REGTEST, store });
  const mempool = new Mempool({ chain });
  const miner = new Miner({ chain, mempool });
  const node = new P2PNode({
    params: REGTEST,
    chain,
    mempool,
    config: { listenHost: '127.0.0.1', listenPort: 0, allowPrivate: true, dataDir, ...FAST_TIMINGS, ...options.config },
    logger: options.logger,
  });
  await node.start();
  let stopped = false;
  const testNode: TestNode = {
    node,
    chain,
    mempool,
    miner,
    dataDir,
    address: `127.0.0.1:${node.listenAddress!.port}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await miner.stop();
      await node.stop();
      mempool.close();
      await chain.close();
    },
  };
  live.push(testNode);
  return testNode;
}

export async function stopAll(): Promise<void> {
  const nodes = live.splice(0);
  await Promise.all(nodes.map((n) => n.stop()));
  for (const n of nodes) fs.rmSync(n.dataDir, { recursive: true, force: true });
}

/** Polls `check` until it returns a truthy value or the deadline passes (the harness's waitFor). */
export function waitFor<T>(describe: string, check: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  return pollUntil(check, { describe, timeoutMs, intervalMs: 20 }) as Promise<NonNullable<T>>;
}

/** A hand-driven peer on a raw socket: send frames (or raw bytes), read decoded messages. */
export class RawPeer {
  readonly received: WireMessage[] = [];
  closed = false;
  private readonly decoder = new FrameDecoder({ magic: REGTEST.magic });

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const e of this.decoder.push(chunk)) if (e.ok) this.received.push(e.message);
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  /** Listens on 127.0.0.1:0; `next()` resolves with the next connection the node makes to it. */
  static async listen(): Promise<RawListener> {
    const accepted: RawPeer[] = [];
    const server = createServer((socket) => accepted.push(new RawPeer(socket)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new RawListener(server, accepted);
  }

  static open(address: string): Promise<RawPeer> {
    const [host, port] = address.split(':');
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port: Number(port) }, () => resolve(new RawPeer(socket)));
      socket.once('error', reject);
    });
  }

  send(message: WireMessage): void {
    this.socket.write(encodeFrame(REGTEST.magic, message));
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** version → (their version, verack) → verack. */
  async handshake(startHeight = 0): Promise<void> {
    this.send(versionMessage(startHeight));
    await waitFor('verack', () => this.received.some((m) => m.command === 'verack'));
    this.send({ command: 'verack' });
  }

  async next<C extends WireMessage['command']>(command: C, timeoutMs = 10_000): Promise<Extract<WireMessage, { command: C }>> {
    const found = await waitFor(`${command} message`, () => this.received.find((m) => m.command === command), timeoutMs);
    this.received.splice(this.received.indexOf(found), 1);
    return found as Extract<WireMessage, { command: C }>;
  }

  whenClosed(timeoutMs = 10_000): Promise<boolean> {
    return waitFor('socket closed', () => this.closed, timeoutMs);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** NODE_NETWORK | NODE_WITNESS, what full nodes offer (our node downloads blocks only from such peers). */
export const FULL_NODE_SERVICES = 9n;

export class RawListener {
  constructor(
    private readonly server: Server,
    private readonly accepted: RawPeer[],
  ) {}

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  next(): Promise<RawPeer> {
    return waitFor('an incoming connection', () => this.accepted.shift());
  }

  close(): void {
    for (const peer of this.accepted) peer.close();
    this.server.close();
  }
}

export function versionMessage(startHeight = 0, nonce = 42n, services = FULL_NODE_SERVICES): WireMessage {
  return {
    command: 'version',
    version: 70016,
    services,
    timestamp: BigInt(Math.floor(Date.now() / 1000)),
    addrRecv: { services: 0n, ip: '127.0.0.1', port: 0 },
    addrFrom: { services: 0n, ip: '0.0.0.0', port: 0 },
    nonce,
    userAgent: '/raw-test-peer:0.1/',
    startHeight,
    relay: true,
  };
}

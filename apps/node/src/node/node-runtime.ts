import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { Chain, DataTransactionBuilder, LevelChainStore, Mempool, Miner, NetworkParams, OwnCoins, getNetwork } from '@mbc/chain';
import { P2PNode, resolveP2PConfig } from '@mbc/p2p';
import { Logger } from 'pino';

import type { NodeConfig } from '../config/node-config';

/**
 * The node proper, built from the config outside Nest: the chain over its LevelDB store, the
 * mempool, the miner and the P2P engine. Nest only exposes it through the application services.
 */
export class NodeRuntime {
  private open = true;

  private constructor(
    readonly config: NodeConfig,
    readonly params: NetworkParams,
    readonly chain: Chain,
    readonly mempool: Mempool,
    readonly miner: Miner,
    readonly p2p: P2PNode,
    /** The node's own coins (its payout script's outputs), which fund data transactions. */
    private readonly ownCoins: OwnCoins,
    readonly dataTransactions: DataTransactionBuilder,
    private readonly logger: Logger,
  ) {}

  /** Opens the store under `<dataDir>/<network>/` (so networks never share a chain) and builds every part. */
  static async open(config: NodeConfig, logger: Logger): Promise<NodeRuntime> {
    const params = getNetwork(config.network);
    const networkDir = join(config.dataDir, params.name);
    await mkdir(networkDir, { recursive: true });
    // Chain.open opens the store (LevelDB under <networkDir>/chain) and closes it in chain.close().
    const chain = await Chain.open({ params, store: new LevelChainStore(networkDir) });
    try {
      const mempool = new Mempool({ chain, maxCount: config.mempoolMaxTx, maxBytes: config.mempoolMaxBytes });
      const payoutScript = Buffer.from(config.minePayoutScript, 'hex');
      const miner = new Miner({ chain, mempool, payoutScript });
      const ownCoins = new OwnCoins({ chain, mempool, payoutScript });
      const p2p = new P2PNode({
        params,
        chain,
        mempool,
        config: resolveP2PConfig({
          listenHost: config.p2pHost,
          listenPort: config.p2pPort,
          advertise: config.advertise,
          connect: config.connect,
          addnode: config.addnode,
          dnsSeeds: config.dnsSeed ?? [...params.dnsSeeds],
          maxOutbound: config.maxOutbound,
          maxConnections: config.maxConnections,
          allowPrivate: config.allowPrivate,
          banTimeSec: config.banTime,
          handshakeTimeoutMs: config.handshakeTimeout,
          pingIntervalMs: config.pingInterval,
          pingTimeoutMs: config.peerTimeout,
          inactivityTimeoutMs: config.peerTimeout,
          dataDir: networkDir,
        }),
        logger: logger.child({ component: 'p2p' }),
      });
      return new NodeRuntime(config, params, chain, mempool, miner, p2p, ownCoins, new DataTransactionBuilder(ownCoins), logger);
    } catch (error) {
      await chain.close();
      throw error;
    }
  }

  /** Starts listening and dialing, then the interval miner when `mine` is set. */
  async start(): Promise<void> {
    await this.p2p.start();
    if (this.config.mine !== null) this.miner.start(this.config.mine);
  }

  /** The bound P2P port (differs from the config when it asked for port 0). */
  get p2pPort(): number {
    return this.p2p.listenAddress?.port ?? this.config.p2pPort;
  }

  /** False once `close()` has begun: readiness fails before the store goes away. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Stops mining first (no new blocks), then closes peers, then flushes and closes the store. */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.miner.stop();
    await this.p2p.stop();
    this.ownCoins.close();
    this.mempool.close();
    await this.chain.close();
    this.logger.info('node stopped');
  }
}

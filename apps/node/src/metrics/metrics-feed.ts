import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';

import type { NodeRuntime } from '../node/node-runtime';
import { METRICS, NODE_RUNTIME } from '../node/tokens';
import type { NodeMetrics } from './node-metrics';

/** Blocks announced but not yet connected, kept for the propagation histogram (bounded). */
const MAX_PENDING_ANNOUNCEMENTS = 1000;

/**
 * Feeds the mbc_* metrics from the libraries' typed events; gauges that are cheap to read
 * (heights, mempool, peers) are also refreshed at scrape time.
 */
@Injectable()
export class MetricsFeed implements OnApplicationShutdown {
  private readonly announcedAtMs = new Map<string, number>();
  private readonly unsubscribers: (() => void)[];

  constructor(
    @Inject(NODE_RUNTIME) private readonly node: NodeRuntime,
    @Inject(METRICS) private readonly metrics: NodeMetrics,
  ) {
    const { chain, mempool, p2p } = node;
    this.unsubscribers = [
      chain.events.on('blockConnected', ({ entry }) => {
        metrics.blocksConnected.inc();
        this.observePropagation(entry.hash.toHex());
      }),
      chain.events.on('reorg', () => metrics.reorgs.inc()),
      chain.events.on('blockProcessed', ({ seconds }) => metrics.blockValidation.observe(seconds)),
      chain.events.on('blockRejected', ({ reason }) => metrics.blocksRejected.inc({ reason })),
      mempool.events.on('txAccepted', () => metrics.transactionsAccepted.inc()),
      p2p.events.on('handshake', ({ outcome }) => metrics.handshakes.inc({ outcome })),
      p2p.events.on('misbehaviour', ({ reason }) => metrics.misbehaviour.inc({ reason })),
      p2p.events.on('peerBanned', ({ reason }) => metrics.bans.inc({ reason })),
      p2p.events.on('messageReceived', ({ command, bytes }) => {
        metrics.messagesReceived.inc({ command });
        metrics.bytesReceived.inc({ command }, bytes);
      }),
      p2p.events.on('messageSent', ({ command, bytes }) => {
        metrics.messagesSent.inc({ command });
        metrics.bytesSent.inc({ command }, bytes);
      }),
      p2p.events.on('pingLatency', ({ seconds }) => metrics.pingLatency.observe(seconds)),
      p2p.events.on('blockAnnounced', ({ hash, firstSeenMs }) => this.rememberAnnouncement(hash.toHex(), firstSeenMs)),
    ];
    this.refreshGauges();
  }

  /** Gauges read from current state rather than counted from events. */
  refreshGauges(): void {
    const { chain, mempool, p2p } = this.node;
    const { metrics } = this;
    metrics.chainHeight.set(chain.tip.height);
    metrics.headersHeight.set(chain.bestHeader.height);
    metrics.tipAge.set(Math.max(0, Date.now() / 1000 - chain.tip.header.time));
    metrics.syncProgress.set(p2p.syncState().progress);
    metrics.mempoolTransactions.set(mempool.size);
    metrics.mempoolBytes.set(mempool.bytes);
    const peers = p2p.peerCounts();
    metrics.peers.set({ direction: 'inbound' }, peers.inbound);
    metrics.peers.set({ direction: 'outbound' }, peers.outbound);
  }

  onApplicationShutdown(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  private rememberAnnouncement(hash: string, firstSeenMs: number): void {
    if (this.announcedAtMs.size >= MAX_PENDING_ANNOUNCEMENTS) {
      this.announcedAtMs.delete(this.announcedAtMs.keys().next().value as string);
    }
    if (!this.announcedAtMs.has(hash)) this.announcedAtMs.set(hash, firstSeenMs);
  }

  private observePropagation(hash: string): void {
    const seenAt = this.announcedAtMs.get(hash);
    if (seenAt === undefined) return;
    this.announcedAtMs.delete(hash);
    this.metrics.blockPropagation.observe(Math.max(0, Date.now() - seenAt) / 1000);
  }
}

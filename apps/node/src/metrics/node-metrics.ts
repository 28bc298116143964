import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * prom-client's defaults expose three gauges whose names end in `_total`, a suffix Prometheus
 * reserves for counters (`promtool check metrics` flags them). They are removed: each is the sum of
 * the per-type series prom-client also exports (`nodejs_active_handles{type}` etc.).
 */
const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Block/peer latency buckets: milliseconds on a LAN up to a minute across a slow network. */
const LATENCY_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Every `mbc_*` series in docs/ARCHITECTURE.md, typed by its label names. */
export function createNodeMetrics(registry: Registry) {
  const registers = [registry];
  return {
    peers: new Gauge<'direction'>({ name: 'mbc_peers', help: 'Connected peers by direction', labelNames: ['direction'], registers }),
    handshakes: new Counter<'outcome'>({ name: 'mbc_handshakes_total', help: 'Version handshakes by outcome', labelNames: ['outcome'], registers }),
    messagesReceived: new Counter<'command'>({ name: 'mbc_p2p_messages_received_total', help: 'P2P messages received by command', labelNames: ['command'], registers }),
    messagesSent: new Counter<'command'>({ name: 'mbc_p2p_messages_sent_total', help: 'P2P messages sent by command', labelNames: ['command'], registers }),
    bytesReceived: new Counter<'command'>({ name: 'mbc_p2p_bytes_received_total', help: 'P2P bytes received by command', labelNames: ['command'], registers }),
    bytesSent: new Counter<'command'>({ name: 'mbc_p2p_bytes_sent_total', help: 'P2P bytes sent by command', labelNames: ['command'], registers }),
    pingLatency: new Histogram({ name: 'mbc_ping_latency_seconds', help: 'Ping/pong round-trip time', buckets: LATENCY_BUCKETS_SECONDS, registers }),
    misbehaviour: new Counter<'reason'>({ name: 'mbc_misbehaviour_total', help: 'Misbehaviour penalties by reason', labelNames: ['reason'], registers }),
    bans: new Counter<'reason'>({ name: 'mbc_bans_total', help: 'Peers banned by reason', labelNames: ['reason'], registers }),
    chainHeight: new Gauge({ name: 'mbc_chain_height', help: 'Height of the active chain tip', registers }),
    headersHeight: new Gauge({ name: 'mbc_headers_height', help: 'Height of the best known header', registers }),
    tipAge: new Gauge({ name: 'mbc_tip_age_seconds', help: 'Seconds since the tip block timestamp', registers }),
    reorgs: new Counter({ name: 'mbc_reorgs_total', help: 'Chain reorganisations', registers }),
    blocksConnected: new Counter({ name: 'mbc_blocks_connected_total', help: 'Blocks connected to the active chain', registers }),
    blocksRejected: new Counter<'reason'>({ name: 'mbc_blocks_rejected_total', help: 'Blocks rejected by reason', labelNames: ['reason'], registers }),
    blockValidation: new Histogram({ name: 'mbc_block_validation_seconds', help: 'Time to validate and connect a block', buckets: LATENCY_BUCKETS_SECONDS, registers }),
    syncProgress: new Gauge({ name: 'mbc_sync_progress_ratio', help: 'Block download progress, 0..1', registers }),
    mempoolTransactions: new Gauge({ name: 'mbc_mempool_transactions', help: 'Transactions in the mempool', registers }),
    mempoolBytes: new Gauge({ name: 'mbc_mempool_bytes', help: 'Serialized bytes in the mempool', registers }),
    transactionsAccepted: new Counter({ name: 'mbc_transactions_accepted_total', help: 'Transactions accepted into the mempool', registers }),
    transactionsRejected: new Counter<'reason'>({ name: 'mbc_transactions_rejected_total', help: 'Transactions rejected by reason', labelNames: ['reason'], registers }),
    blockPropagation: new Histogram({ name: 'mbc_block_propagation_seconds', help: 'Time from first announcement of a block to its connection', buckets: LATENCY_BUCKETS_SECONDS, registers }),
    httpRequestDuration: new Histogram<'method' | 'route' | 'status'>({ name: 'mbc_http_request_duration_seconds', help: 'REST request duration', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS_SECONDS, registers }),
    grpcRequestDuration: new Histogram<'method' | 'code'>({ name: 'mbc_grpc_request_duration_seconds', help: 'gRPC request duration', labelNames: ['method', 'code'], buckets: LATENCY_BUCKETS_SECONDS, registers }),
  };
}

export type NodeMetrics = ReturnType<typeof createNodeMetrics>;

/** A private registry (never prom-client's global one) with process defaults and the mbc_* series. */
export function createMetricsRegistry(): { registry: Registry; metrics: NodeMetrics } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  return { registry, metrics: createNodeMetrics(registry) };
}

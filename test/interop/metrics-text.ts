import type { NodeHandle } from '../harness';

/**
 * The value of one sample of the node's GET /metrics (Prometheus text format), or 0 when the
 * series has not been created yet (a counter nobody incremented). Labels must match exactly.
 */
export async function metricValue(node: NodeHandle, name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
  const response = await node.rest('/metrics');
  if (response.status !== 200) throw new Error(`GET /metrics → HTTP ${response.status}`);
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of response.text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(/,(?=\w+=)/).filter(Boolean).sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return 0;
}

/** mbc_p2p_messages_{received,sent}_total for one command. */
export function messagesReceived(node: NodeHandle, command: string): Promise<number> {
  return metricValue(node, 'mbc_p2p_messages_received_total', { command });
}

export function messagesSent(node: NodeHandle, command: string): Promise<number> {
  return metricValue(node, 'mbc_p2p_messages_sent_total', { command });
}

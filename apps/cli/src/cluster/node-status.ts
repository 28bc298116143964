import type { ClusterNode } from './cluster-node';

/** What the live table shows for one node, from GET /v1/chain (and the tip's header time). */
export interface NodeStatus {
  readonly state: 'up' | 'unreachable' | 'stopped';
  readonly height?: number;
  readonly headersHeight?: number;
  readonly bestHash?: string;
  readonly mempoolSize?: number;
  readonly peersIn?: number;
  readonly peersOut?: number;
  /** Unix seconds of the tip's header. */
  readonly tipTime?: number;
  readonly detail?: string;
}

interface ChainResponse {
  height: number;
  headersHeight: number;
  bestHash: string;
  mempoolSize: number;
  peers: { inbound: number; outbound: number };
}

const REQUEST_TIMEOUT_MS = 900;

/** Polls a node's REST API; remembers the tip time per hash so a header is fetched once per new tip. */
export class NodeStatusPoller {
  private tipTimes = new Map<string, number>();

  constructor(private readonly apiToken?: string) {}

  async poll(node: ClusterNode): Promise<NodeStatus> {
    if (!node.running) return { state: 'stopped', detail: node.exitDescription ?? 'not started' };
    try {
      const chain = await this.get<ChainResponse>(node, '/v1/chain');
      return {
        state: 'up',
        height: chain.height,
        headersHeight: chain.headersHeight,
        bestHash: chain.bestHash,
        mempoolSize: chain.mempoolSize,
        peersIn: chain.peers.inbound,
        peersOut: chain.peers.outbound,
        tipTime: await this.tipTime(node, chain.bestHash),
      };
    } catch (err) {
      return { state: 'unreachable', detail: (err as Error).message };
    }
  }

  private async tipTime(node: ClusterNode, hash: string): Promise<number | undefined> {
    const known = this.tipTimes.get(hash);
    if (known !== undefined) return known;
    try {
      const { time } = await this.get<{ time: number }>(node, `/v1/headers/${hash}`);
      if (this.tipTimes.size > 1000) this.tipTimes.clear(); // Bounded: only recent tips matter.
      this.tipTimes.set(hash, time);
      return time;
    } catch {
      return undefined; // Shown as "-"; the next poll tries again.
    }
  }

  private async get<T>(node: ClusterNode, path: string): Promise<T> {
    const response = await fetch(`${node.restUrl}${path}`, {
      headers: this.apiToken ? { authorization: `Bearer ${this.apiToken}` } : {},
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`GET ${path} → HTTP ${response.status}`);
    return (await response.json()) as T;
  }
}

/** The tip every node agrees on (all up, same best hash, height ≥ minHeight), if any. */
export function agreedTip(statuses: readonly NodeStatus[], minHeight = 1): { height: number; bestHash: string } | undefined {
  const [first] = statuses;
  if (!first || first.state !== 'up' || first.bestHash === undefined || (first.height ?? -1) < minHeight) return undefined;
  const agreed = statuses.every((s) => s.state === 'up' && s.bestHash === first.bestHash);
  return agreed ? { height: first.height as number, bestHash: first.bestHash } : undefined;
}

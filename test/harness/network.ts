import { ChainSummary, connectPeer, ensurePeer, getChain, peerCount } from './node-api';
import { NodeHandle, StartNodeOptions, startNode } from './node-process';
import { waitFor } from './wait-for';

/** A named shape, or explicit edges [from, to]: `from` dials `to`. */
export type Topology = 'none' | 'line' | 'ring' | 'star' | 'full' | readonly (readonly [number, number])[];

export interface StartNetworkOptions {
  /** Per-node options (index → options). */
  readonly node?: (index: number) => StartNodeOptions;
  /** Give node i its own loopback address 127.0.0.(i+2), so bans can single it out. */
  readonly distinctHosts?: boolean;
  readonly connectTimeoutMs?: number;
}

export function edgesOf(n: number, topology: Topology): [number, number][] {
  if (typeof topology !== 'string') return topology.map(([a, b]) => [a, b]);
  const edges: [number, number][] = [];
  for (let i = 1; i < n; i++) {
    if (topology === 'line' || topology === 'ring') edges.push([i, i - 1]);
    if (topology === 'star') edges.push([i, 0]);
    if (topology === 'full') for (let j = 0; j < i; j++) edges.push([i, j]);
  }
  if (topology === 'ring' && n > 2) edges.push([0, n - 1]);
  return edges;
}

/** Loopback address for node `index` when nodes need addresses of their own (all of 127/8 is lo). */
export function loopbackHost(index: number): string {
  return `127.0.0.${index + 2}`;
}

/** A set of running nodes; destroy() stops them all and removes their data dirs. */
export class Network {
  constructor(readonly nodes: NodeHandle[]) {}

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.destroy()));
  }

  /** Waits until every running node reports the same best hash; returns it. */
  async waitForConvergence(timeoutMs = 30_000, nodes = this.nodes): Promise<ChainSummary> {
    return waitForSameTip(nodes, timeoutMs);
  }
}

/** Waits until all nodes report the same tip (and at least `minHeight`). */
export async function waitForSameTip(nodes: readonly NodeHandle[], timeoutMs = 30_000, minHeight = 0): Promise<ChainSummary> {
  return waitFor(
    async () => {
      const chains = await Promise.all(nodes.map((node) => getChain(node)));
      const same = chains.every((c) => c.bestHash === chains[0].bestHash) && chains[0].height >= minHeight;
      return same ? chains[0] : false;
    },
    { timeoutMs, intervalMs: 200, describe: `${nodes.map((n) => n.name).join(', ')} to agree on one tip (height ≥ ${minHeight})` },
  );
}

/** Connects `from` to `to` through the REST API and waits until both count the connection. */
export async function link(from: NodeHandle, to: NodeHandle, timeoutMs = 15_000): Promise<void> {
  const before = await Promise.all([peerCount(from), peerCount(to)]);
  await connectPeer(from, to.p2pAddress);
  await waitFor(async () => (await peerCount(from)) > before[0] && (await peerCount(to)) > before[1], {
    timeoutMs,
    describe: `${from.name} → ${to.name} connection to be counted on both sides`,
  });
}

/** Starts n nodes in parallel, then dials the topology's edges over the REST API. */
export async function startNetwork(n: number, topology: Topology = 'line', options: StartNetworkOptions = {}): Promise<Network> {
  const started = await Promise.allSettled(
    Array.from({ length: n }, (_, i) =>
      startNode({
        name: `node-${i}`,
        ...(options.distinctHosts ? { p2pHost: loopbackHost(i) } : {}),
        ...options.node?.(i),
      }),
    ),
  );
  const nodes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const network = new Network(nodes);
  try {
    if (failure) throw failure.reason;
    const degree = new Array<number>(n).fill(0);
    for (const [a, b] of edgesOf(n, topology)) {
      await ensurePeer(nodes[a], nodes[b].p2pAddress);
      degree[a]++;
      degree[b]++;
    }
    await waitFor(async () => (await Promise.all(nodes.map((node) => peerCount(node)))).every((count, i) => count >= degree[i]), {
      timeoutMs: options.connectTimeoutMs ?? 20_000,
      describe: `every node of the ${typeof topology === 'string' ? topology : 'custom'} topology to count its peers`,
    });
    return network;
  } catch (err) {
    await network.destroy();
    throw err;
  }
}

// Block propagation (issue 4): 10 nodes, each with 3–4 random outbound links; for 50 blocks mined
// on random nodes, the time from the generate call until the last node has connected the block
// (from each node's own blockConnected event time). Goal: p99 < 100 ms.
import { NodeHandle, SeededRandom, generate, link, startNode, waitFor, waitForSameTip } from '../test/harness';
import type { BenchResult } from './types';
import { SseEvent, openEventStream } from '../test/api/support/sse';
import { percentile, round } from './support/stats';

const NODES = 10;
const BLOCKS = Number(process.env.MBC_BENCH_PROPAGATION_BLOCKS ?? 50);
const P99_GOAL_MS = 100;

/** Random outbound links: node i dials 3 or 4 distinct others, never twice the same pair. */
function randomLinks(rng: SeededRandom): [number, number][] {
  const pairs = new Set<string>();
  const links: [number, number][] = [];
  for (let i = 0; i < NODES; i++) {
    const want = rng.int(3, 4);
    let tries = 0;
    for (let made = 0; made < want && tries < 100; tries++) {
      const j = rng.int(0, NODES - 1);
      const key = i < j ? `${i}-${j}` : `${j}-${i}`;
      if (j === i || pairs.has(key)) continue;
      pairs.add(key);
      links.push([i, j]);
      made++;
    }
  }
  return links;
}

export async function run(): Promise<BenchResult[]> {
  const rng = new SeededRandom(20261124);
  const nodes: NodeHandle[] = [];
  const streams: { close(): void }[] = [];
  try {
    // No automatic outbound dialing: the random links below are the whole topology.
    const quiet = ['--max-outbound', '0'];
    for (let i = 0; i < NODES; i++) nodes.push(await startNode({ name: `prop-${i}`, logLevel: 'warn', maxConnections: 32, extraArgs: quiet }));
    for (const [from, to] of randomLinks(rng)) await link(nodes[from], nodes[to]);
    // Each node's own clock stamps its blockConnected event (timeMs): all run on this machine.
    const feeds: SseEvent[][] = [];
    for (const node of nodes) {
      const feed = await openEventStream(Number(new URL(node.restUrl).port), '/v1/events?types=blockConnected');
      streams.push(feed);
      feeds.push(feed.events);
    }
    const arrivalTimes = (hash: string): number[] =>
      feeds.flatMap((events) => events.filter((e) => e.data.hash === hash).map((e) => Number(e.data.timeMs)));
    const delays: number[] = [];
    for (let b = 0; b < BLOCKS; b++) {
      const miner = rng.pick(nodes);
      const sentAt = Date.now();
      const [hash] = await generate(miner, 1);
      const times = await waitFor(() => arrivalTimes(hash).length >= NODES && arrivalTimes(hash), {
        timeoutMs: 30_000,
        intervalMs: 5,
        describe: `block ${hash} to reach all ${NODES} nodes`,
      });
      delays.push(Math.max(...times) - sentAt);
    }
    await waitForSameTip(nodes);
    const p50 = percentile(delays, 50);
    const p99 = percentile(delays, 99);
    return [
      { name: `propagation to all ${NODES} nodes p50 (${BLOCKS} blocks)`, value: round(p50), unit: 'ms' },
      { name: `propagation to all ${NODES} nodes p99 (${BLOCKS} blocks)`, value: round(p99), unit: 'ms', target: `< ${P99_GOAL_MS} ms`, ok: p99 < P99_GOAL_MS },
    ];
  } finally {
    for (const s of streams) s.close();
    await Promise.all(nodes.map((n) => n.destroy()));
  }
}

if (require.main === module) {
  void run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

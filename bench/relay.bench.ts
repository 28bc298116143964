// Transaction relay (issue 4): 10,000 transactions submitted to one node of a 5-node line
// network; time from the first submission until every mempool holds all of them. Goal: < 5 s.
import autocannon from 'autocannon';

import { getChain, startNetwork, waitFor } from '../test/harness';
import type { BenchResult } from './types';
import { elapsedMs, round } from './support/stats';

const NODES = 5;
const TRANSACTIONS = Number(process.env.MBC_BENCH_RELAY_TXS ?? 10_000);
const SUBMIT_CONCURRENCY = 32;
const GOAL_MS = 5_000;

export async function run(): Promise<BenchResult[]> {
  const network = await startNetwork(NODES, 'line', { node: (i) => ({ name: `relay-${i}`, logLevel: 'warn' }) });
  try {
    const entry = network.nodes[0];
    const started = process.hrtime.bigint();
    // autocannon as the REST client: a fetch loop in this process was the bottleneck, not the node.
    let next = 0;
    const submitted = await autocannon({
      url: `${entry.restUrl}/v1/transactions`,
      connections: SUBMIT_CONCURRENCY,
      amount: TRANSACTIONS,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ data: `relay bench ${next++}` }) }),
        },
      ],
    });
    const submittedMs = elapsedMs(started);
    if (submitted.non2xx + submitted.errors > 0) throw new Error(`${submitted.non2xx} non-2xx answers and ${submitted.errors} errors submitting transactions`);
    await waitFor(
      async () => {
        const chains = await Promise.all(network.nodes.map((node) => getChain(node)));
        return chains.every((c) => c.mempoolSize >= TRANSACTIONS);
      },
      { timeoutMs: 120_000, intervalMs: 50, describe: `all ${NODES} mempools to hold ${TRANSACTIONS} transactions` },
    );
    const allMs = elapsedMs(started);
    return [
      { name: `${TRANSACTIONS} txs in all ${NODES} mempools (line topology)`, value: round(allMs), unit: 'ms', target: `< ${GOAL_MS} ms`, ok: allMs < GOAL_MS },
      { name: `${TRANSACTIONS} txs submitted over REST (${SUBMIT_CONCURRENCY} in flight)`, value: round(submittedMs), unit: 'ms' },
    ];
  } finally {
    await network.destroy();
  }
}

if (require.main === module) {
  void run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

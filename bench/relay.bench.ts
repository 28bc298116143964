// Transaction relay (issue 4): 10,000 transactions submitted to one node of a 5-node line
// network; time from the first submission until every mempool holds all of them. Goal: < 5 s.
//
// The transactions arrive as a wallet would send them, as `tx` messages on a P2P connection to
// the first node, so the figure is about relay (mempool acceptance and inv/getdata across four
// hops). Submission through the REST API is measured too, on fewer transactions: its rate is an
// API figure (see the api suite), and at ~1,000 POST/s it would dominate the relay time.
import autocannon from 'autocannon';

import { REGTEST, createDataTransaction } from '@mbc/chain';
import { encodeFrame } from '@mbc/wire';

import { getChain, startNetwork, waitFor, type Network } from '../test/harness';
import { RawPeer } from '../test/p2p/p2p-support';
import type { BenchResult } from './types';
import { elapsedMs, round } from './support/stats';

const NODES = 5;
const TRANSACTIONS = Number(process.env.MBC_BENCH_RELAY_TXS ?? 10_000);
const REST_TRANSACTIONS = Math.ceil(TRANSACTIONS / 5);
const REST_CONCURRENCY = 32;
const GOAL_MS = 5_000;

async function waitForMempools(network: Network, size: number): Promise<void> {
  await waitFor(
    async () => (await Promise.all(network.nodes.map((node) => getChain(node)))).every((c) => c.mempoolSize >= size),
    { timeoutMs: 120_000, intervalMs: 50, describe: `all ${NODES} mempools to hold ${size} transactions` },
  );
}

/** `tx` messages for `count` new data transactions, encoded before the clock starts. */
function txFrames(count: number): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, i) => encodeFrame(REGTEST.magic, { command: 'tx', tx: createDataTransaction(Buffer.from(`relay bench ${i}`)) })));
}

async function submitOverRest(restUrl: string, count: number): Promise<void> {
  // autocannon as the REST client: a fetch loop in this process was the bottleneck, not the node.
  let next = 0;
  const submitted = await autocannon({
    url: `${restUrl}/v1/transactions`,
    connections: REST_CONCURRENCY,
    amount: count,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ data: `relay bench rest ${next++}` }) }),
      },
    ],
  });
  if (submitted.non2xx + submitted.errors > 0) throw new Error(`${submitted.non2xx} non-2xx answers and ${submitted.errors} errors submitting transactions`);
}

export async function run(): Promise<BenchResult[]> {
  const network = await startNetwork(NODES, 'line', { node: (i) => ({ name: `relay-${i}`, logLevel: 'warn' }) });
  try {
    const entry = network.nodes[0];
    // A wallet's connection (Core accepts unsolicited transactions): every tx message at once.
    const wallet = await RawPeer.open(entry.p2pAddress);
    await wallet.handshake();
    const frames = txFrames(TRANSACTIONS);
    const started = process.hrtime.bigint();
    wallet.writeRaw(frames);
    await waitForMempools(network, TRANSACTIONS);
    wallet.close();
    const relayMs = elapsedMs(started);

    const restStarted = process.hrtime.bigint();
    await submitOverRest(entry.restUrl, REST_TRANSACTIONS);
    const restSubmitMs = elapsedMs(restStarted);
    await waitForMempools(network, TRANSACTIONS + REST_TRANSACTIONS);
    const restAllMs = elapsedMs(restStarted);
    return [
      { name: `${TRANSACTIONS} txs (sent over P2P) in all ${NODES} mempools (line topology)`, value: round(relayMs), unit: 'ms', target: `< ${GOAL_MS} ms`, ok: relayMs < GOAL_MS },
      { name: `${REST_TRANSACTIONS} txs submitted over REST (${REST_CONCURRENCY} in flight)`, value: round(restSubmitMs), unit: 'ms', comparison: `${Math.round((REST_TRANSACTIONS / restSubmitMs) * 1000)} tx/s` },
      { name: `${REST_TRANSACTIONS} REST-submitted txs in all ${NODES} mempools`, value: round(restAllMs), unit: 'ms' },
    ];
  } finally {
    await network.destroy();
  }
}

if (require.main === module) {
  void run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

// Admin API under load: REST GET /v1/chain and GET /v1/headers?count=2000 (autocannon) and gRPC
// GetChainInfo, beside a bare node:http server measured in the same run.
// Goal (issue 5): REST ≥ half the bare server's requests/s; p99 < 20 ms at 100 connections.
//
// Other processes on a shared 2-core machine can halve req/s for seconds at a time, so the
// /v1/chain comparison alternates bare and node over several rounds and takes the median ratio,
// and every load also reports the CPU the server and the load generator spent per request (from
// /proc), which contention disturbs much less. The load generator runs in this process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import autocannon from 'autocannon';

import { generate, startNode } from '../test/harness';
import type { BenchResult } from './types';
import type { LoadResult } from './support/closed-loop';
import { grpcFrame, grpcJsLoad, http2GrpcLoad } from './support/grpc-load';
import { cpuSeconds, ownCpuSeconds } from './support/proc-cpu';
import { median, round } from './support/stats';

const CONNECTIONS = 100;
const DURATION_S = Number(process.env.MBC_BENCH_API_SECONDS ?? 5);
const CHAIN_ROUNDS = 3;
const P99_TARGET_MS = 20;
const HEADERS_PATH = '/v1/headers?from=1&count=2000';
const GET_CHAIN_INFO_PATH = '/mbc.v1.NodeService/GetChainInfo';

interface HttpLoadResult extends LoadResult {
  readonly bytes: number;
}

/** A load result with the CPU µs per request of the server process and of this process (the load generator). */
type Measured<T extends LoadResult> = T & { readonly serverUs: number; readonly clientUs: number };

async function measured<T extends LoadResult>(serverPid: number, load: () => Promise<T>): Promise<Measured<T>> {
  const server0 = cpuSeconds(serverPid);
  const client0 = ownCpuSeconds();
  const result = await load();
  const perRequestUs = (seconds: number) => (seconds * 1e6) / Math.max(1, result.requests);
  return { ...result, serverUs: perRequestUs(cpuSeconds(serverPid) - server0), clientUs: perRequestUs(ownCpuSeconds() - client0) };
}

async function httpLoad(url: string): Promise<HttpLoadResult> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  return {
    requests: result.requests.total,
    requestsPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors,
    bytes: result.throughput.total,
  };
}

async function startBareServer(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'bare-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    url: `http://127.0.0.1:${line.toString().trim()}`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

const rate = (m: LoadResult) => `${Math.round(m.requestsPerSec)} req/s, p99 ${round(m.p99Ms, 1)} ms`;
const cpu = (m: Measured<LoadResult>) => `CPU/request server ${Math.round(m.serverUs)} µs, load generator ${Math.round(m.clientUs)} µs`;

export async function run(): Promise<BenchResult[]> {
  const node = await startNode({ name: 'api-bench', logLevel: 'warn' });
  const bare = await startBareServer();
  try {
    await generate(node, 1000);
    await generate(node, 1000);

    const rounds: { bare: Measured<HttpLoadResult>; node: Measured<HttpLoadResult>; ratio: number }[] = [];
    for (let i = 0; i < CHAIN_ROUNDS; i++) {
      const b = await measured(bare.pid, () => httpLoad(`${bare.url}/v1/chain`));
      const n = await measured(node.pid, () => httpLoad(`${node.restUrl}/v1/chain`));
      rounds.push({ bare: b, node: n, ratio: n.requestsPerSec / b.requestsPerSec });
    }
    const ratio = median(rounds.map((r) => r.ratio));
    const chain = rounds.find((r) => r.ratio === ratio)!;
    const perRound = rounds.map((r) => `${Math.round(r.node.requestsPerSec)}/${Math.round(r.bare.requestsPerSec)} = ${round(r.ratio, 2)}x`).join(', ');
    const chainErrors = rounds.reduce((sum, r) => sum + r.node.errors, 0);

    const headers = await measured(node.pid, () => httpLoad(`${node.restUrl}${HEADERS_PATH}`));
    const bareHeaders = await measured(bare.pid, () => httpLoad(`${bare.url}${HEADERS_PATH}`));
    const pageBytes = headers.bytes / Math.max(1, headers.requests);
    // Little's law: 100 requests in flight with a mean under 20 ms need 5,000 responses/s.
    const neededResponsesPerSec = CONNECTIONS / (P99_TARGET_MS / 1000);

    const grpc = await measured(node.pid, () => http2GrpcLoad(node.grpcAddress, GET_CHAIN_INFO_PATH, grpcFrame(), CONNECTIONS, DURATION_S * 1000));
    const grpcJs = await measured(node.pid, () => grpcJsLoad(node.grpcAddress, 'getChainInfo', CONNECTIONS, DURATION_S * 1000));

    return [
      {
        name: 'REST GET /v1/chain',
        value: Math.round(chain.node.requestsPerSec),
        unit: 'req/s',
        target: '>= 0.5x bare server',
        comparison: `median of ${CHAIN_ROUNDS} rounds node/bare: ${perRound}; bare node:http ${rate(chain.bare)}`,
        ok: ratio >= 0.5 && chainErrors === 0,
      },
      { name: 'REST GET /v1/chain p99', value: chain.node.p99Ms, unit: 'ms', target: `< ${P99_TARGET_MS} ms @${CONNECTIONS} conns`, comparison: `p99 per round ${rounds.map((r) => r.node.p99Ms).join(', ')} ms`, ok: chain.node.p99Ms < P99_TARGET_MS },
      { name: 'REST GET /v1/chain server CPU per request', value: round(chain.node.serverUs, 1), unit: 'µs', comparison: `bare node:http ${round(chain.bare.serverUs, 1)} µs; load generator ${Math.round(chain.node.clientUs)} µs` },
      {
        name: 'REST GET /v1/headers?count=2000',
        value: Math.round(headers.requestsPerSec),
        unit: 'req/s',
        comparison: `${Math.round(pageBytes / 1000)} KB each, errors ${headers.errors}; ${cpu(headers)}; bare node:http, same-size body: ${rate(bareHeaders)}, ${cpu(bareHeaders)}`,
      },
      {
        name: 'REST GET /v1/headers?count=2000 p99',
        value: headers.p99Ms,
        unit: 'ms',
        target: `< ${P99_TARGET_MS} ms @${CONNECTIONS} conns`,
        comparison: `needs ${neededResponsesPerSec} responses/s = ${Math.round((neededResponsesPerSec * pageBytes) / 1e6)} MB/s; bare server with the same body: p99 ${bareHeaders.p99Ms} ms`,
        ok: headers.p99Ms < P99_TARGET_MS,
      },
      { name: 'gRPC GetChainInfo', value: Math.round(grpc.requestsPerSec), unit: 'req/s', comparison: `raw HTTP/2 client, errors ${grpc.errors}; ${cpu(grpc)}; @grpc/grpc-js client: ${rate(grpcJs)}, ${cpu(grpcJs)}` },
      { name: 'gRPC GetChainInfo p99', value: round(grpc.p99Ms, 2), unit: 'ms', target: `< ${P99_TARGET_MS} ms @${CONNECTIONS} in flight`, ok: grpc.p99Ms < P99_TARGET_MS && grpc.errors === 0 },
    ];
  } finally {
    await bare.stop();
    await node.destroy();
  }
}

if (require.main === module) {
  void run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

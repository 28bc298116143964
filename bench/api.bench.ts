// Admin API under load: REST GET /v1/chain and GET /v1/headers?count=2000 (autocannon) and gRPC
// GetChainInfo, beside a bare node:http server measured in the same run.
// Goal (issue 5): REST ≥ half the bare server's requests/s; p99 < 20 ms at 100 connections.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import autocannon from 'autocannon';

import { generate, startNode } from '../test/harness';
import type { BenchResult } from './types';
import { grpcLoad } from './support/grpc-load';
import { round } from './support/stats';

const CONNECTIONS = 100;
const DURATION_S = Number(process.env.MBC_BENCH_API_SECONDS ?? 5);
const P99_TARGET_MS = 20;

interface HttpLoad {
  requestsPerSec: number;
  p99Ms: number;
  non2xx: number;
}

async function httpLoad(url: string): Promise<HttpLoad> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  return { requestsPerSec: result.requests.average, p99Ms: result.latency.p99, non2xx: result.non2xx + result.errors };
}

async function startBareServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'bare-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    url: `http://127.0.0.1:${line.toString().trim()}`,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const node = await startNode({ name: 'api-bench', logLevel: 'warn' });
  const bare = await startBareServer();
  try {
    await generate(node, 1000);
    await generate(node, 1000);
    const baseline = await httpLoad(`${bare.url}/v1/chain`);
    const chain = await httpLoad(`${node.restUrl}/v1/chain`);
    const headers = await httpLoad(`${node.restUrl}/v1/headers?from=1&count=2000`);
    const grpc = await grpcLoad(node.grpcAddress, 'getChainInfo', CONNECTIONS, DURATION_S * 1000);
    const ratio = chain.requestsPerSec / baseline.requestsPerSec;
    const baselineText = `bare node:http ${Math.round(baseline.requestsPerSec)} req/s, p99 ${baseline.p99Ms} ms`;
    return [
      { name: 'REST GET /v1/chain', value: Math.round(chain.requestsPerSec), unit: 'req/s', target: '>= 0.5x bare server', comparison: `${baselineText} (ratio ${round(ratio, 2)}x)`, ok: ratio >= 0.5 && chain.non2xx === 0 },
      { name: 'REST GET /v1/chain p99', value: chain.p99Ms, unit: 'ms', target: `< ${P99_TARGET_MS} ms @${CONNECTIONS} conns`, ok: chain.p99Ms < P99_TARGET_MS },
      { name: 'REST GET /v1/headers?count=2000', value: Math.round(headers.requestsPerSec), unit: 'req/s', comparison: `non-2xx ${headers.non2xx}` },
      { name: 'REST GET /v1/headers?count=2000 p99', value: headers.p99Ms, unit: 'ms', target: `< ${P99_TARGET_MS} ms @${CONNECTIONS} conns`, ok: headers.p99Ms < P99_TARGET_MS },
      { name: 'gRPC GetChainInfo', value: Math.round(grpc.requestsPerSec), unit: 'req/s', comparison: `errors ${grpc.errors}` },
      { name: 'gRPC GetChainInfo p99', value: round(grpc.p99Ms, 2), unit: 'ms', target: `< ${P99_TARGET_MS} ms @${CONNECTIONS} in flight`, ok: grpc.p99Ms < P99_TARGET_MS },
    ];
  } finally {
    await bare.stop();
    await node.destroy();
  }
}

if (require.main === module) {
  void run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

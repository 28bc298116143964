// Initial sync over loopback (issue 4): a fresh node syncs an N-block regtest chain (default
// 100,000) from one peer; headers/s and blocks/s. Goal: ≥ 100,000 headers/s, ≥ 5,000 blocks/s.
import { generate, getChain, startNode, waitFor } from '../test/harness';
import type { BenchResult } from './types';
import { elapsedMs, round } from './support/stats';

const BLOCKS = Number(process.env.MBC_BENCH_SYNC_BLOCKS ?? 100_000);
const GENERATE_BATCH = 1000;
const HEADERS_GOAL = 100_000;
const BLOCKS_GOAL = 5_000;

export async function run(): Promise<BenchResult[]> {
  const source = await startNode({ name: 'sync-source', logLevel: 'warn' });
  try {
    const built = process.hrtime.bigint();
    for (let made = 0; made < BLOCKS; made += GENERATE_BATCH) {
      await generate(source, Math.min(GENERATE_BATCH, BLOCKS - made));
    }
    const buildSeconds = elapsedMs(built) / 1000;
    const target = await getChain(source);

    const fresh = await startNode({ name: 'sync-fresh', logLevel: 'warn', connect: [source.p2pAddress] });
    try {
      const started = process.hrtime.bigint();
      let headersMs = Number.NaN;
      await waitFor(
        async () => {
          const chain = await getChain(fresh);
          if (Number.isNaN(headersMs) && chain.headersHeight >= target.height) headersMs = elapsedMs(started);
          return chain.height >= target.height && chain.bestHash === target.bestHash;
        },
        { timeoutMs: 600_000, intervalMs: 50, describe: `the fresh node to sync ${target.height} blocks` },
      );
      const blocksMs = elapsedMs(started);
      const headersPerSec = target.height / (headersMs / 1000);
      const blocksPerSec = target.height / (blocksMs / 1000);
      return [
        { name: `headers synced (${target.height})`, value: Math.round(headersPerSec), unit: 'headers/s', target: `>= ${HEADERS_GOAL}`, ok: headersPerSec >= HEADERS_GOAL },
        { name: `blocks synced (${target.height})`, value: Math.round(blocksPerSec), unit: 'blocks/s', target: `>= ${BLOCKS_GOAL}`, ok: blocksPerSec >= BLOCKS_GOAL },
        { name: 'chain built on the source via the API', value: round(buildSeconds), unit: 's' },
      ];
    } finally {
      await fresh.destroy();
    }
  } finally {
    await source.destroy();
  }
}

if (require.main === module) {
  void run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

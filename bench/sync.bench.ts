// Initial sync over loopback (issue 4): a fresh node syncs an N-block regtest chain (default
// 100,000) from one peer; headers/s and blocks/s. Goal: ≥ 100,000 headers/s, ≥ 5,000 blocks/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Chain, LevelChainStore, Miner, REGTEST } from '@mbc/chain';

import { getChain, startNode, waitFor } from '../test/harness';
import type { BenchResult } from './types';
import { elapsedMs, round } from './support/stats';

const BLOCKS = Number(process.env.MBC_BENCH_SYNC_BLOCKS ?? 100_000);
const GENERATE_BATCH = 1000;
/** Regtest genesis time (2011), in ms: the bench chain's clock starts there. */
const GENESIS_TIME_MS = 1_296_688_602_000;

/**
 * Mines the source chain in-process straight into a node data dir (`<dataDir>/regtest`, as the
 * node lays it out). Its clock starts at genesis time and ticks a second per reading: mined at
 * wall-clock time, 100,000 blocks would run past "at most 2 h in the future" (every block must be
 * later than the median of the 11 before it), exactly as bitcoind's generate would.
 */
async function buildSourceChain(blocks: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbc-sync-bench-'));
  let clock = GENESIS_TIME_MS;
  const now = () => (clock += 1000);
  const chain = await Chain.open({ params: REGTEST, store: new LevelChainStore(join(dataDir, REGTEST.name)), now });
  try {
    const miner = new Miner({ chain, now });
    for (let made = 0; made < blocks; made += GENERATE_BATCH) {
      await miner.generate(Math.min(GENERATE_BATCH, blocks - made));
    }
  } finally {
    await chain.close();
  }
  return dataDir;
}
const HEADERS_GOAL = 100_000;
const BLOCKS_GOAL = 5_000;

export async function run(): Promise<BenchResult[]> {
  const built = process.hrtime.bigint();
  const sourceDir = await buildSourceChain(BLOCKS);
  const buildSeconds = elapsedMs(built) / 1000;
  const source = await startNode({ name: 'sync-source', logLevel: 'warn', dataDir: sourceDir });
  try {
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
        { name: 'source chain mined in-process', value: round(buildSeconds), unit: 's' },
      ];
    } finally {
      await fresh.destroy();
    }
  } finally {
    await source.destroy();
    rmSync(sourceDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

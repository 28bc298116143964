// Chain benchmark: connects a 100,000-block regtest chain of coinbase-only blocks on LevelDB,
// validates the same 100,000 headers into a fresh tree, reopens the store, then connects a shorter
// chain of ~100-transaction blocks. Blocks are generated untimed in chunks; only chain work is timed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  Chain,
  DEFAULT_PAYOUT_SCRIPT,
  LevelChainStore,
  ProofOfWork,
  REGTEST,
  createBlockTemplate,
  createDataTransaction,
  solveHeader,
  type ChainEntry,
} from '@mbc/chain';
import { BLOCK_HEADER_BYTES, blockHash, decodeBlockHeader, encodeBlockHeader, type Block, type BlockHeader, type Transaction } from '@mbc/wire';

import type { BenchResult } from './types';

const COINBASE_ONLY_BLOCKS = 100_000;
const FULL_BLOCKS = 1_000;
const TXS_PER_FULL_BLOCK = 100;
const CHUNK = 1_000;
const HEADERS_PER_MSG = 2_000;

/** Generates valid regtest blocks on top of `tip` without a chain (one second apart). */
class BlockGenerator {
  private readonly pow = new ProofOfWork(REGTEST.powLimit);
  private tip: ChainEntry;

  constructor(genesis: ChainEntry) {
    this.tip = genesis;
  }

  async next(transactions: readonly Transaction[] = []): Promise<Block> {
    const template = createBlockTemplate({
      params: REGTEST,
      prev: this.tip,
      candidates: transactions,
      payoutScript: DEFAULT_PAYOUT_SCRIPT,
      nowSec: this.tip.header.time + 1,
    });
    const header = (await solveHeader(template.header, this.pow))!;
    // Only hash, height, header and prev are read by the template builder; keep 11 ancestors for the median.
    this.tip = { hash: blockHash(header), height: this.tip.height + 1, header, chainWork: 0n, hasBlock: true, prev: trimmed(this.tip) };
    return { header, transactions: template.transactions };
  }
}

function trimmed(entry: ChainEntry): ChainEntry {
  let e: ChainEntry = entry;
  for (let k = 0; k < 11 && e.prev; k++) e = e.prev;
  (e as { prev: ChainEntry | undefined }).prev = undefined;
  return entry;
}

function elapsedSec(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Connects `count` generated blocks; returns seconds spent in submitBlock and the serialized
 * headers (one compact buffer, decoded afresh later as a peer's headers message would be).
 */
async function connectChain(chain: Chain, count: number, txsPerBlock: number): Promise<{ seconds: number; rawHeaders: Buffer }> {
  const generator = new BlockGenerator(chain.tip);
  const rawHeaders = Buffer.allocUnsafe(count * BLOCK_HEADER_BYTES);
  let height = 0;
  let seconds = 0;
  for (let done = 0; done < count; done += CHUNK) {
    const blocks: Block[] = [];
    for (let k = 0; k < Math.min(CHUNK, count - done); k++) {
      const txs = Array.from({ length: txsPerBlock }, (_, n) => createDataTransaction(Buffer.from(`bench ${done + k} ${n}`)));
      blocks.push(await generator.next(txs));
    }
    const started = process.hrtime.bigint();
    for (const block of blocks) {
      const result = await chain.submitBlock(block);
      if (result.status !== 'connected') throw new Error(`block ${result.hash.toHex()} was ${result.status} (${result.reason})`);
      encodeBlockHeader(block.header).copy(rawHeaders, height++ * BLOCK_HEADER_BYTES);
    }
    seconds += elapsedSec(started);
  }
  return { seconds, rawHeaders };
}

function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'mbc-bench-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  await withTempDir(async (dir) => {
    const chain = await Chain.open({ params: REGTEST, store: new LevelChainStore(join(dir, 'a')) });
    const { seconds, rawHeaders } = await connectChain(chain, COINBASE_ONLY_BLOCKS, 0);
    await chain.close();
    const rate = COINBASE_ONLY_BLOCKS / seconds;
    results.push({ name: 'coinbase-only blocks connected (LevelDB, 100k chain)', value: Math.round(rate), unit: 'blocks/s', target: '>= 5,000 blocks/s', ok: rate >= 5000 });

    const opened = process.hrtime.bigint();
    const reopened = await Chain.open({ params: REGTEST, store: new LevelChainStore(join(dir, 'a')) });
    const openSec = elapsedSec(opened);
    if (reopened.height !== COINBASE_ONLY_BLOCKS) throw new Error(`reopened at height ${reopened.height}`);
    await reopened.close();
    results.push({ name: 'open a 100,000-block store', value: Number(openSec.toFixed(3)), unit: 's', target: '< 2 s', ok: openSec < 2 });

    const headers: BlockHeader[] = [];
    for (let k = 0; k < COINBASE_ONLY_BLOCKS; k++) headers.push(decodeBlockHeader(rawHeaders.subarray(k * BLOCK_HEADER_BYTES, (k + 1) * BLOCK_HEADER_BYTES)));
    const fresh = await Chain.open({ params: REGTEST, store: new LevelChainStore(join(dir, 'b')) });
    const started = process.hrtime.bigint();
    for (let k = 0; k < headers.length; k += HEADERS_PER_MSG) {
      const result = fresh.addHeaders(headers.slice(k, k + HEADERS_PER_MSG));
      if (result.error) throw result.error;
    }
    const validateSec = elapsedSec(started);
    await fresh.idle();
    const persistedSec = elapsedSec(started);
    await fresh.close();
    const headerRate = headers.length / validateSec;
    results.push({ name: 'headers validated into the tree (2,000 per batch)', value: Math.round(headerRate), unit: 'headers/s', target: '>= 100,000 headers/s', ok: headerRate >= 100_000 });
    results.push({ name: 'headers validated and persisted to LevelDB', value: Math.round(headers.length / persistedSec), unit: 'headers/s' });
  });

  await withTempDir(async (dir) => {
    const chain = await Chain.open({ params: REGTEST, store: new LevelChainStore(dir) });
    const { seconds } = await connectChain(chain, FULL_BLOCKS, TXS_PER_FULL_BLOCK);
    await chain.close();
    results.push({ name: `${TXS_PER_FULL_BLOCK + 1}-tx blocks connected (LevelDB)`, value: Math.round(FULL_BLOCKS / seconds), unit: 'blocks/s' });
    results.push({ name: 'transactions connected in 101-tx blocks', value: Math.round((FULL_BLOCKS * (TXS_PER_FULL_BLOCK + 1)) / seconds), unit: 'tx/s' });
  });

  results.push({ name: 'peak RSS', value: Math.round(process.resourceUsage().maxRSS / 1024), unit: 'MiB' });
  return results;
}

if (require.main === module) {
  run().then(
    (results) => process.stdout.write(`${JSON.stringify(results, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

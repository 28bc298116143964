// Helpers for the chain's unit specs: a chain on a MemoryChainStore with a fixed clock, and a
// block builder that starts from a valid template and lets a spec break exactly one rule.
import { blockHash, txid, type Block, type BlockHeader, type Transaction } from '@mbc/wire';

import { Chain } from '../chain/chain';
import type { ChainEntry } from '../chain/chain-entry';
import { merkleRoot } from '../consensus/merkle';
import { createBlockTemplate } from '../miner/block-template';
import { DEFAULT_PAYOUT_SCRIPT } from '../miner/miner';
import { solveHeader } from '../miner/solve';
import { REGTEST } from '../params/networks';
import { ProofOfWork } from '../pow/proof-of-work';
import type { ChainStore } from '../store/chain-store';
import { MemoryChainStore } from '../store/memory-chain-store';

/** The fixed "now" of fixture chains: a million seconds after the regtest genesis. */
export const FIXTURE_NOW_SEC = REGTEST.genesisBlock.header.time + 1_000_000;

const pow = new ProofOfWork(REGTEST.powLimit);

export function openFixtureChain(store: ChainStore = new MemoryChainStore()): Promise<Chain> {
  return Chain.open({ params: REGTEST, store, now: () => FIXTURE_NOW_SEC * 1000 });
}

export interface BlockOptions {
  readonly txs?: readonly Transaction[];
  /** Changes to the template's header (applied before solving). */
  readonly header?: Partial<BlockHeader>;
  /** Replaces the transaction list (the merkle root is recomputed unless keepMerkleRoot). */
  readonly transactions?: (template: readonly Transaction[]) => Transaction[];
  readonly keepMerkleRoot?: boolean;
  /** Leave the nonce as given instead of solving (for blocks that must fail proof of work). */
  readonly solve?: boolean;
}

/** A block on `prev`, one second after it, valid unless the options break something. */
export async function buildBlock(prev: ChainEntry, options: BlockOptions = {}): Promise<Block> {
  const template = createBlockTemplate({
    params: REGTEST,
    prev,
    candidates: options.txs ?? [],
    payoutScript: DEFAULT_PAYOUT_SCRIPT,
    nowSec: prev.header.time + 1,
  });
  const transactions = options.transactions ? options.transactions(template.transactions) : [...template.transactions];
  let header: BlockHeader = { ...template.header, ...options.header };
  if (!options.keepMerkleRoot && !options.header?.merkleRoot) header = { ...header, merkleRoot: merkleRoot(transactions.map(txid)) };
  if (options.solve !== false) header = (await solveHeader(header, pow))!;
  return { header, transactions };
}

/** A nonce whose hash misses the (regtest) target. */
export function withFailingNonce(header: BlockHeader): BlockHeader {
  for (let nonce = 0; ; nonce++) {
    const candidate = { ...header, nonce };
    if (!pow.check(blockHash(candidate).internal, header.bits).ok) return candidate;
  }
}

/** Builds and submits `count` blocks on `prev`; returns the entries. */
export async function extend(chain: Chain, prev: ChainEntry, count: number, txsFor: (k: number) => Transaction[] = () => []): Promise<ChainEntry[]> {
  const entries: ChainEntry[] = [];
  let tip = prev;
  for (let k = 0; k < count; k++) {
    const result = await chain.submitBlock(await buildBlock(tip, { txs: txsFor(k) }));
    if (!result.entry || result.status === 'invalid') throw new Error(`fixture block ${k} was ${result.status} (${result.reason})`);
    tip = result.entry;
    entries.push(tip);
  }
  return entries;
}

/** `count` valid blocks on genesis, mined on a chain of their own (what a peer would send). */
export async function blocksOnGenesis(count: number): Promise<Block[]> {
  const source = await openFixtureChain();
  try {
    const entries = await extend(source, source.tip, count);
    return Promise.all(entries.map(async (e) => (await source.getBlock(e.hash))!));
  } finally {
    await source.close();
  }
}

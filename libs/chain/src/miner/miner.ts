import type { Block } from '@mbc/wire';

import type { Chain } from '../chain/chain';
import type { ChainEntry } from '../chain/chain-entry';
import type { SubmitBlockResult } from '../chain/results';
import { ChainError, ChainErrorCode } from '../errors';
import type { Mempool } from '../mempool/mempool';
import { ProofOfWork } from '../pow/proof-of-work';
import { OP_TRUE } from '../script/script-builder';
import { TypedEmitter } from '../util/typed-emitter';
import { createBlockTemplate } from './block-template';
import { solveHeader } from './solve';

/**
 * Default payout: a bare OP_TRUE output. Consensus-valid on every Bitcoin implementation (any
 * scriptPubKey is), spendable by anyone, and needs no key management on a test network.
 */
export const DEFAULT_PAYOUT_SCRIPT = Buffer.from([OP_TRUE]);

export interface MinerOptions {
  readonly chain: Chain;
  /** Source of transactions; coinbase-only blocks without it. */
  readonly mempool?: Mempool;
  readonly payoutScript?: Buffer;
  /** Clock in Unix milliseconds; the chain's validation clock by default. */
  readonly now?: () => number;
}

export interface MinerEvents {
  blockMined: { entry: ChainEntry; block: Block };
  /** Background mining failed for one block; it keeps going at the next interval. */
  error: { error: unknown };
}

/** Builds templates from the tip and mempool, solves them and submits them to the chain. */
export class Miner {
  readonly events = new TypedEmitter<MinerEvents>();

  private readonly chain: Chain;
  private readonly mempool?: Mempool;
  private readonly payoutScript: Buffer;
  private readonly now: () => number;
  private readonly pow: ProofOfWork;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(options: MinerOptions) {
    this.chain = options.chain;
    this.mempool = options.mempool;
    this.payoutScript = options.payoutScript ?? DEFAULT_PAYOUT_SCRIPT;
    this.now = options.now ?? options.chain.now;
    this.pow = new ProofOfWork(options.chain.params.powLimit);
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** An unsolved block on the current tip. */
  createTemplate(): Block {
    return createBlockTemplate({
      params: this.chain.params,
      prev: this.chain.tip,
      candidates: this.mempool?.entries().map((e) => e.tx) ?? [],
      payoutScript: this.payoutScript,
      nowSec: Math.floor(this.now() / 1000),
    });
  }

  /** Mines one block on the tip and submits it; throws unless the chain connected it. */
  async mineBlock(): Promise<ChainEntry> {
    const run = this.busy.then(() => this.mineOne());
    this.busy = run.catch(() => undefined);
    return run;
  }

  /** Mines `n` blocks one after another; returns their entries. */
  async generate(n: number): Promise<ChainEntry[]> {
    const entries: ChainEntry[] = [];
    for (let k = 0; k < n; k++) entries.push(await this.mineBlock());
    return entries;
  }

  /** Mines a block every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      try {
        await this.mineBlock();
      } catch (error) {
        this.events.emit('error', { error });
      }
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  /** Stops background mining; resolves when a block in progress is finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.busy;
  }

  private async mineOne(): Promise<ChainEntry> {
    const template = this.createTemplate();
    const header = await solveHeader(template.header, this.pow);
    const block: Block = { header: header!, transactions: template.transactions };
    const result: SubmitBlockResult = await this.chain.submitBlock(block);
    // 'stored': a peer's block at the same height connected while we were mining, and ours (valid,
    // equal work) lost the first-seen race. Core's generate reports such a block too; the next one
    // builds on the new tip.
    const accepted = result.status === 'connected' || result.status === 'stored';
    if (!accepted || !result.entry) {
      throw new ChainError(ChainErrorCode.MiningFailed, `mined block ${result.hash.toHex()} was ${result.status}${result.reason ? ` (${result.reason})` : ''}`);
    }
    this.events.emit('blockMined', { entry: result.entry, block });
    return result.entry;
  }
}

import { blockHash, decodeBlock, encodeBlock, txid, type Block, type BlockHeader, type Hash256 } from '@mbc/wire';

import { checkBlock } from '../consensus/check-block';
import type { HeaderContext } from '../consensus/check-header';
import { BlockRejectReason, ValidationError } from '../consensus/validation-error';
import { ChainError, ChainErrorCode } from '../errors';
import type { NetworkParams } from '../params/network-params';
import { ProofOfWork } from '../pow/proof-of-work';
import type { ChainStore } from '../store/chain-store';
import { SerialQueue } from '../util/serial-queue';
import { TypedEmitter } from '../util/typed-emitter';
import { BlockTree } from './block-tree';
import type { ChainEntry, TreeEntry } from './chain-entry';
import { ChainQueries, DEFAULT_MAX_BLOCKS_INV, DEFAULT_MAX_HEADERS } from './chain-queries';
import { RecentBlocks } from './recent-blocks';
import type { ChainEvents } from './events';
import type { AddHeadersResult, ConfirmedTransaction, SubmitBlockResult } from './results';

export interface ChainOptions {
  readonly params: NetworkParams;
  readonly store: ChainStore;
  /** Clock in Unix milliseconds (Date.now by default); headers may be at most 2 h ahead of it. */
  readonly now?: () => number;
}

/** New header records written in one go at most, and waiting for a write at most. */
const HEADER_WRITE_ENTRIES = 2_000;
const HEADER_FLUSH_ENTRIES = 200_000;
/** Quiet time after the last new headers before their records are written. */
const HEADER_FLUSH_DELAY_MS = 250;

/** A block with what the chain derives from it once (bytes and txids). */
interface BlockData {
  readonly block: Block;
  readonly raw: Buffer;
  readonly txids: Hash256[];
}

/** A submitted block waiting for its turn in the queue, with its caller's promise. */
interface IncomingBlock {
  readonly block: Block;
  resolve(result: SubmitBlockResult): void;
  reject(error: unknown): void;
}

/** A valid block that extends the tip (or the run before it), waiting for the run's one write. */
interface Extension {
  readonly entry: TreeEntry;
  readonly data: BlockData;
  readonly item: IncomingBlock;
  readonly started: bigint;
}

/**
 * The block tree and the active chain. Headers are validated into a tree with cumulative work;
 * the active chain is the most-work branch whose blocks are all stored and valid, switched by
 * disconnecting back to the fork and connecting the new branch, one atomic store batch per block
 * (or per run of blocks extending the tip).
 * State transitions run one at a time (SerialQueue); reads are synchronous from memory.
 */
export class Chain {
  readonly events = new TypedEmitter<ChainEvents>();
  readonly params: NetworkParams;

  /** The clock validation uses (Unix ms); the miner stamps blocks with it too. */
  readonly now: () => number;

  private readonly store: ChainStore;
  private readonly pow: ProofOfWork;
  private readonly queue = new SerialQueue();
  private readonly tree: BlockTree;
  /** Active chain by height. */
  private readonly active: TreeEntry[] = [];
  private readonly queries: ChainQueries;
  private readonly recentBlocks = new RecentBlocks();
  /** New headers whose records are not written yet (see persistInBackground). */
  private unsavedHeaders: TreeEntry[] = [];
  private headerFlushTimer?: NodeJS.Timeout;
  /** Blocks submitted since the last queue task took them (see submitBlock). */
  private incoming: IncomingBlock[] = [];
  private backgroundError: unknown;

  private constructor(options: ChainOptions) {
    this.params = options.params;
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.pow = new ProofOfWork(options.params.powLimit);
    this.tree = new BlockTree(this.params, this.pow, this.events);
    this.queries = new ChainQueries(this.tree, this.active);
  }

  /** Opens the store and rebuilds the tree from it (writing genesis into an empty store). */
  static async open(options: ChainOptions): Promise<Chain> {
    const chain = new Chain(options);
    await chain.store.open();
    await chain.load();
    return chain;
  }

  get tip(): ChainEntry {
    return this.active[this.active.length - 1];
  }

  get height(): number {
    return this.active.length - 1;
  }

  get bestHeader(): ChainEntry {
    return this.tree.best;
  }

  get genesis(): ChainEntry {
    return this.active[0];
  }

  getEntry(hash: Hash256): ChainEntry | undefined {
    return this.tree.get(hash);
  }

  /** The active chain's entry at `height`. */
  getEntryByHeight(height: number): ChainEntry | undefined {
    return this.active[height];
  }

  isOnActiveChain(entry: ChainEntry): boolean {
    return this.active[entry.height] === entry;
  }

  /** Whether the entry (or one of its ancestors) failed validation. */
  isInvalid(hash: Hash256): boolean {
    return this.tree.get(hash)?.invalid ?? false;
  }

  /**
   * Validates headers in order and adds the new ones to the tree (headers-first sync). Known
   * headers are skipped; the first failure stops processing. A first header whose parent is
   * unknown fails with PrevBlockNotFound, which peers treat as an announcement, not misbehaviour.
   */
  addHeaders(headers: readonly BlockHeader[]): AddHeadersResult {
    const added: TreeEntry[] = [];
    let lastEntry: TreeEntry | undefined;
    let error: ValidationError | undefined;
    const context = this.headerContext();
    for (const header of headers) {
      const result = this.tree.acceptHeader(header, context, lastEntry);
      if (result instanceof ValidationError) {
        error = result;
        break;
      }
      lastEntry = result.entry;
      if (result.isNew) added.push(result.entry);
    }
    if (added.length > 0) this.persistInBackground(added);
    return error ? { added, lastEntry, error } : { added, lastEntry };
  }

  /**
   * Validates a block, stores it and connects it (or the best branch it completes). Resolves once
   * the outcome is written. Blocks submitted while the queue is busy are taken together by its
   * next task, and a run of them that extends the tip is connected with one store write (initial
   * sync submits blocks by the dozen; a write per block would cost more than validating them).
   */
  async submitBlock(block: Block): Promise<SubmitBlockResult> {
    this.assertHealthy();
    return new Promise((resolve, reject) => {
      this.incoming.push({ block, resolve, reject });
      if (this.incoming.length === 1) void this.queue.run(() => this.processIncoming());
    });
  }

  async getRawBlock(hash: Hash256): Promise<Buffer | undefined> {
    const entry = this.tree.get(hash);
    if (!entry?.hasBlock) return undefined;
    return this.recentBlocks.get(entry.key)?.raw ?? this.store.getRawBlock(hash);
  }

  async getBlock(hash: Hash256): Promise<Block | undefined> {
    const entry = this.tree.get(hash);
    if (!entry?.hasBlock) return undefined;
    const recent = this.recentBlocks.get(entry.key);
    if (recent) return recent.block;
    const raw = await this.store.getRawBlock(hash);
    return raw ? decodeBlock(raw) : undefined;
  }

  /** A transaction confirmed on the active chain. */
  async findTransaction(id: Hash256): Promise<ConfirmedTransaction | undefined> {
    const [location] = await this.store.getTransactions([id]);
    const entry = location && this.tree.get(location.blockHash);
    if (!location || !entry) return undefined;
    const block = await this.getBlock(location.blockHash);
    const tx = block?.transactions[location.index];
    return tx ? { tx, txid: id, entry, index: location.index } : undefined;
  }

  /** Whether any of these txids is confirmed on the active chain. */
  async hasConfirmed(txids: readonly Hash256[]): Promise<boolean> {
    return (await this.confirmedAmong(txids)).some(Boolean);
  }

  /** For each txid, whether it is confirmed on the active chain (one read of the txid index). */
  async confirmedAmong(txids: readonly Hash256[]): Promise<boolean[]> {
    return (await this.store.getTransactions(txids)).map((l) => l !== undefined);
  }

  /** Block locator (Core's GetLocator) from `entry`, the tip by default. */
  getLocator(entry: ChainEntry = this.tip): Hash256[] {
    return this.queries.locator(entry);
  }

  /** FindForkInGlobalIndex: the first locator hash on our active chain, else genesis. */
  findFork(locator: readonly Hash256[]): ChainEntry {
    return this.queries.findFork(locator);
  }

  /** The answer to getheaders: active-chain entries after the fork, up to `max`, ending at hashStop inclusive. */
  headersAfter(locator: readonly Hash256[], hashStop: Hash256, max = DEFAULT_MAX_HEADERS): ChainEntry[] {
    return this.queries.headersAfter(locator, hashStop, max);
  }

  /** The answer to getblocks: up to `max` blocks after the fork, stopping before hashStop. */
  blocksAfter(locator: readonly Hash256[], hashStop: Hash256, max = DEFAULT_MAX_BLOCKS_INV): ChainEntry[] {
    return this.queries.blocksAfter(locator, hashStop, max);
  }

  /** Blocks to download: entries without a stored block along the best header chain, lowest first. */
  missingBlocks(max: number): ChainEntry[] {
    return this.queries.missingBlocks(max);
  }

  /** Resolves when queued work (block processing, header writes) has finished. */
  idle(): Promise<void> {
    this.flushHeaders();
    return this.queue.idle();
  }

  /** Waits for pending work (header records too) and closes the store. */
  async close(): Promise<void> {
    await this.idle();
    await this.store.close();
  }

  // ---------------------------------------------------------------- loading

  private async load(): Promise<void> {
    const index = await this.store.loadIndex();
    if (index.entries.length === 0) return this.initGenesis();
    const tip = this.tree.load(index);
    for (let e: TreeEntry | undefined = tip; e; e = e.prev) this.active[e.height] = e;
    // A crash between storing a block and connecting it leaves a better stored branch: finish it.
    const bestAvailable = this.tree.bestAvailable(tip);
    if (bestAvailable !== tip) await this.activate(bestAvailable, new Map());
  }

  private async initGenesis(): Promise<void> {
    const block = this.params.genesisBlock;
    const entry = this.tree.addGenesis();
    await this.store.connectBlocks([{ entry: entry.toStored(), rawBlock: encodeBlock(block), txids: block.transactions.map(txid) }]);
    this.active.push(entry);
  }

  // ---------------------------------------------------------------- headers

  private headerContext(): HeaderContext {
    return { params: this.params, pow: this.pow, nowSec: Math.floor(this.now() / 1000) };
  }

  /**
   * New headers' records are written later, as Core flushes its dirty block index: once
   * HEADER_FLUSH_DELAY_MS pass without new headers (so not while a sync peer streams them), when
   * HEADER_FLUSH_ENTRIES wait, and on idle()/close(). A crash loses at most a re-download of
   * headers, never a block: a block's own write carries its entry.
   */
  private persistInBackground(entries: TreeEntry[]): void {
    for (const entry of entries) this.unsavedHeaders.push(entry);
    clearTimeout(this.headerFlushTimer);
    if (this.unsavedHeaders.length >= HEADER_FLUSH_ENTRIES) return this.flushHeaders();
    this.headerFlushTimer = setTimeout(() => this.flushHeaders(), HEADER_FLUSH_DELAY_MS).unref();
  }

  /**
   * Queues the waiting records in writes of HEADER_WRITE_ENTRIES, each built at its turn with the
   * entries' state (hasBlock, invalid) then: other queue work (blocks) interleaves between them.
   */
  private flushHeaders(): void {
    clearTimeout(this.headerFlushTimer);
    this.headerFlushTimer = undefined;
    const pending = this.unsavedHeaders.splice(0);
    for (let k = 0; k < pending.length; k += HEADER_WRITE_ENTRIES) {
      const chunk = pending.slice(k, k + HEADER_WRITE_ENTRIES);
      this.queue.run(() => this.store.putEntries(chunk.map((e) => e.toStored()))).catch((error: unknown) => {
        this.backgroundError ??= error;
      });
    }
  }

  private assertHealthy(): void {
    if (this.backgroundError) throw this.backgroundError;
  }

  // ---------------------------------------------------------------- blocks

  /** Takes every submitted block; consecutive tip extensions are connected as one run. Never rejects. */
  private async processIncoming(): Promise<void> {
    const items = this.incoming.splice(0);
    let run: Extension[] = [];
    /** Keys of every txid in `run`: a later block of the run must not confirm one again. */
    let runTxids = new Set<string>();
    const connectPending = async () => {
      const pending = run;
      run = [];
      runTxids = new Set();
      if (pending.length > 0) await this.connectRun(pending);
    };
    for (const item of items) {
      const started = process.hrtime.bigint();
      try {
        const extension = await this.asExtension(item.block, run, runTxids);
        if (extension) {
          run.push({ ...extension, item, started });
          for (const id of extension.data.txids) runTxids.add(id.toKey());
          continue;
        }
        await connectPending();
        item.resolve(this.reportProcessed(await this.processBlock(item.block), started));
      } catch (error) {
        item.reject(error);
      }
    }
    await connectPending();
  }

  /**
   * The block's data if it is a valid, new block whose known header directly extends the tip
   * (after `run`) with nothing stored beyond it: connecting it is then just a write. Anything
   * else (unknown header, invalid, a fork, a parent still missing) takes processBlock's path.
   */
  private async asExtension(block: Block, run: readonly Extension[], runTxids: ReadonlySet<string>): Promise<Omit<Extension, 'item' | 'started'> | undefined> {
    const entry = this.tree.get(blockHash(block.header));
    const parent = run.length > 0 ? run[run.length - 1].entry : this.tip;
    if (!entry || entry.hasBlock || entry.invalid || entry.prev !== parent || entry.children().some((c) => c.hasBlock)) return undefined;
    const txids = block.transactions.map(txid);
    if (checkBlock(block, txids, entry.height, this.params)) return undefined;
    const lookup = entry.height >= this.params.bip34Height ? txids.slice(1) : txids;
    if (lookup.length > 0 && (lookup.some((t) => runTxids.has(t.toKey())) || (await this.hasConfirmed(lookup)))) return undefined;
    return { entry, data: { block, raw: encodeBlock(block), txids } };
  }

  /** One store write for the run, then the same state changes and events as connectTip's, in order. */
  private async connectRun(run: readonly Extension[]): Promise<void> {
    try {
      await this.store.connectBlocks(run.map(({ entry, data }) => ({ entry: entry.toStored(true), rawBlock: data.raw, txids: data.txids })));
    } catch (error) {
      for (const { item } of run) item.reject(error);
      return;
    }
    for (const { entry, data } of run) {
      entry.hasBlock = true;
      this.tree.markAvailable(entry);
      this.active.push(entry);
      this.events.emit('blockConnected', { entry, block: data.block });
    }
    const last = run[run.length - 1];
    this.recentBlocks.remember(last.entry.key, last.data.block, last.data.raw);
    this.events.emit('tipChanged', { entry: this.tip });
    for (const { entry, item, started } of run) item.resolve(this.reportProcessed({ status: 'connected', hash: entry.hash, entry }, started));
  }

  private reportProcessed(result: SubmitBlockResult, started: bigint): SubmitBlockResult {
    if (result.status === 'connected' || result.status === 'stored' || result.status === 'invalid') {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.events.emit('blockProcessed', { hash: result.hash, status: result.status, seconds });
    }
    return result;
  }

  private async processBlock(block: Block): Promise<SubmitBlockResult> {
    const hash = blockHash(block.header);
    const accepted = this.tree.acceptBlockHeader(block.header, hash, this.headerContext());
    if (accepted instanceof ValidationError) {
      const status = accepted.code === BlockRejectReason.PrevBlockNotFound ? 'orphan' : 'invalid';
      return { status, hash, reason: accepted.code, message: accepted.detail };
    }
    const { entry, isNew } = accepted;
    if (entry.hasBlock) return { status: 'duplicate', hash, entry };

    const data: BlockData = { block, raw: encodeBlock(block), txids: block.transactions.map(txid) };
    const failure = checkBlock(block, data.txids, entry.height, this.params);
    if (failure) {
      // A mutated body says nothing about the header (Core doesn't mark it invalid either).
      if (!failure.mutated) await this.markInvalid(entry);
      else if (isNew) await this.store.putEntries([entry.toStored()]);
      this.tree.reject(hash, failure.error);
      return { status: 'invalid', hash, entry, reason: failure.error.code, message: failure.error.detail };
    }

    const candidate = entry.prev!.available ? this.tree.markAvailable(entry) : undefined;
    if (candidate && candidate.chainWork > this.tip.chainWork) {
      await this.activate(candidate, new Map([[entry.key, data]]));
    }
    if (entry.invalid) {
      return { status: 'invalid', hash, entry, reason: BlockRejectReason.TransactionAlreadyConfirmed, message: 'a transaction is already confirmed' };
    }
    if (!entry.hasBlock) {
      await this.store.putBlock(entry.toStored(true), data.raw);
      entry.hasBlock = true;
    }
    return { status: this.isOnActiveChain(entry) ? 'connected' : 'stored', hash, entry };
  }

  /** Marks an entry and its descendants invalid (persisted), and moves bestHeader off them. */
  private async markInvalid(entry: TreeEntry): Promise<void> {
    const changed = this.tree.invalidate(entry, this.active[this.active.length - 1]);
    await this.store.putEntries(changed.map((e) => e.toStored()));
  }

  /**
   * ActivateBestChain: disconnect to the fork with `target`, connect towards it; if a block fails
   * on the way, mark it invalid and retarget to the best remaining branch (possibly the old one).
   */
  private async activate(target: TreeEntry, given: Map<string, BlockData>): Promise<void> {
    const oldTip = this.active[this.active.length - 1];
    let goal = target;
    while (goal.chainWork > this.tip.chainWork) {
      const path: TreeEntry[] = [];
      let fork: TreeEntry = goal;
      while (!this.isOnActiveChain(fork)) {
        path.push(fork);
        fork = fork.prev!;
      }
      while (this.tip !== fork) await this.disconnectTip();
      let failed = false;
      for (let k = path.length - 1; k >= 0 && !failed; k--) {
        const error = await this.connectTip(path[k], given.get(path[k].key));
        if (error) {
          this.tree.reject(path[k].hash, error);
          await this.markInvalid(path[k]);
          goal = this.tree.bestAvailable(this.active[this.active.length - 1]);
          failed = true;
        }
      }
    }
    const newTip = this.active[this.active.length - 1];
    if (newTip === oldTip) return;
    let fork: ChainEntry = oldTip;
    while (!this.isOnActiveChain(fork)) fork = fork.prev!;
    const depth = oldTip.height - fork.height;
    if (depth > 0) this.events.emit('reorg', { oldTip, newTip, depth });
    this.events.emit('tipChanged', { entry: newTip });
  }

  private async connectTip(entry: TreeEntry, given: BlockData | undefined): Promise<ValidationError | undefined> {
    const data = given ?? (await this.loadBlock(entry));
    // No UTXO set: refusing to confirm a txid twice keeps the txid index (and mempool) exact.
    // BIP34 makes coinbase txids unique per height (Core skips BIP30 checks for the same reason),
    // and a coinbase can never equal a non-coinbase, so only the other transactions are looked up.
    const lookup = entry.height >= this.params.bip34Height ? data.txids.slice(1) : data.txids;
    if (lookup.length > 0 && (await this.hasConfirmed(lookup))) {
      return new ValidationError(BlockRejectReason.TransactionAlreadyConfirmed, 'a transaction is already confirmed on the active chain');
    }
    const storeBlock = !entry.hasBlock;
    await this.store.connectBlocks([{ entry: entry.toStored(true), rawBlock: storeBlock ? data.raw : undefined, txids: data.txids }]);
    entry.hasBlock = true;
    this.active.push(entry);
    this.recentBlocks.remember(entry.key, data.block, data.raw);
    this.events.emit('blockConnected', { entry, block: data.block });
    return undefined;
  }

  private async disconnectTip(): Promise<void> {
    const entry = this.active[this.active.length - 1];
    const data = await this.loadBlock(entry);
    await this.store.disconnectBlock({ txids: data.txids, newTip: entry.prev!.hash });
    this.active.pop();
    this.events.emit('blockDisconnected', { entry, block: data.block });
  }

  private async loadBlock(entry: TreeEntry): Promise<BlockData> {
    const raw = await this.store.getRawBlock(entry.hash);
    if (!raw) throw new ChainError(ChainErrorCode.StoreCorrupt, `block ${entry.hash.toHex()} is marked stored but missing`);
    const block = decodeBlock(raw);
    return { block, raw, txids: block.transactions.map(txid) };
  }
}

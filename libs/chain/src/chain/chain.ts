import { Hash256, blockHash, decodeBlock, encodeBlock, encodeBlockHeader, txid, type Block, type BlockHeader } from '@mbc/wire';

import { checkBlock } from '../consensus/check-block';
import { contextualCheckHeader, proofOfWorkError, type HeaderContext } from '../consensus/check-header';
import { BlockRejectReason, ValidationError } from '../consensus/validation-error';
import { ChainError, ChainErrorCode } from '../errors';
import type { NetworkParams } from '../params/network-params';
import { ProofOfWork } from '../pow/proof-of-work';
import type { ChainStore, StoredEntry } from '../store/chain-store';
import { SerialQueue } from '../util/serial-queue';
import { TypedEmitter } from '../util/typed-emitter';
import { TreeEntry, hashKey, type ChainEntry } from './chain-entry';
import type { ChainEvents } from './events';
import { headerHashKey } from './header-hash-key';
import { locatorHeights } from './locator';
import type { AddHeadersResult, ConfirmedTransaction, SubmitBlockResult } from './results';

export interface ChainOptions {
  readonly params: NetworkParams;
  readonly store: ChainStore;
  /** Clock in Unix milliseconds (Date.now by default); headers may be at most 2 h ahead of it. */
  readonly now?: () => number;
}

/** Core's MAX_HEADERS_RESULTS and MAX_BLOCKS_IN_TRANSIT-style defaults for the serving helpers. */
export const DEFAULT_MAX_HEADERS = 2000;
export const DEFAULT_MAX_BLOCKS_INV = 500;

/** Field offsets in the 80-byte header: version(4) prev(32) merkle(32) time(4) bits(4) nonce(4). */
const PREV_HASH_OFFSET = 4;
const BITS_OFFSET = 72;

/** A block with what the chain derives from it once (bytes and txids). */
interface BlockData {
  readonly block: Block;
  readonly raw: Buffer;
  readonly txids: Hash256[];
}

/**
 * The block tree and the active chain. Headers are validated into a tree with cumulative work;
 * the active chain is the most-work branch whose blocks are all stored and valid, switched by
 * disconnecting back to the fork and connecting the new branch, one atomic store batch per block.
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
  private readonly entries = new Map<string, TreeEntry>();
  /** Active chain by height. */
  private readonly active: TreeEntry[] = [];
  /** Best header chain by height (ancestors of bestHeader). */
  private readonly headerChain: TreeEntry[] = [];
  private best!: TreeEntry;
  private backgroundError: unknown;

  private constructor(options: ChainOptions) {
    this.params = options.params;
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.pow = new ProofOfWork(options.params.powLimit);
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
    return this.best;
  }

  get genesis(): ChainEntry {
    return this.active[0];
  }

  getEntry(hash: Hash256): ChainEntry | undefined {
    return this.entries.get(hashKey(hash));
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
    return this.entries.get(hashKey(hash))?.invalid ?? false;
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
      const raw = encodeBlockHeader(header);
      const key = headerHashKey(raw);
      const known = this.entries.get(key);
      const result = known
        ? this.acceptKnown(known)
        : this.acceptNewHeader(header, key, raw.toString('latin1', PREV_HASH_OFFSET, PREV_HASH_OFFSET + 32), context, lastEntry);
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

  /** Validates a block, stores it and connects it (or the best branch it completes). */
  async submitBlock(block: Block): Promise<SubmitBlockResult> {
    this.assertHealthy();
    return this.queue.run(() => this.processBlock(block));
  }

  async getRawBlock(hash: Hash256): Promise<Buffer | undefined> {
    const entry = this.entries.get(hashKey(hash));
    return entry?.hasBlock ? this.store.getRawBlock(hash) : undefined;
  }

  async getBlock(hash: Hash256): Promise<Block | undefined> {
    const raw = await this.getRawBlock(hash);
    return raw ? decodeBlock(raw) : undefined;
  }

  /** A transaction confirmed on the active chain. */
  async findTransaction(id: Hash256): Promise<ConfirmedTransaction | undefined> {
    const [location] = await this.store.getTransactions([id]);
    const entry = location && this.entries.get(hashKey(location.blockHash));
    if (!location || !entry) return undefined;
    const block = await this.getBlock(location.blockHash);
    const tx = block?.transactions[location.index];
    return tx ? { tx, txid: id, entry, index: location.index } : undefined;
  }

  /** Whether any of these txids is confirmed on the active chain. */
  async hasConfirmed(txids: readonly Hash256[]): Promise<boolean> {
    return (await this.store.getTransactions(txids)).some((l) => l !== undefined);
  }

  /** Block locator (Core's GetLocator) from `entry`, the tip by default. */
  getLocator(entry: ChainEntry = this.tip): Hash256[] {
    const onActive = this.isOnActiveChain(entry);
    let walker: ChainEntry | undefined = entry;
    return locatorHeights(entry.height).map((h) => {
      if (onActive) return this.active[h].hash;
      while (walker && walker.height > h) walker = walker.prev;
      return walker!.hash;
    });
  }

  /** FindForkInGlobalIndex: the first locator hash on our active chain, else genesis. */
  findFork(locator: readonly Hash256[]): ChainEntry {
    for (const hash of locator) {
      const entry = this.entries.get(hashKey(hash));
      if (entry && this.isOnActiveChain(entry)) return entry;
    }
    return this.active[0];
  }

  /**
   * The answer to getheaders (Core's ProcessGetHeaders): active-chain entries after the fork
   * point, up to `max`, ending at hashStop inclusive. An empty locator asks for the single
   * header hashStop (if we know it).
   */
  headersAfter(locator: readonly Hash256[], hashStop: Hash256, max = DEFAULT_MAX_HEADERS): ChainEntry[] {
    if (locator.length === 0) {
      const entry = this.entries.get(hashKey(hashStop));
      return entry && !entry.invalid ? [entry] : [];
    }
    return this.activeAfter(this.findFork(locator), hashStop, max, true);
  }

  /** The answer to getblocks (ProcessGetBlocks): up to `max` blocks after the fork, stopping before hashStop. */
  blocksAfter(locator: readonly Hash256[], hashStop: Hash256, max = DEFAULT_MAX_BLOCKS_INV): ChainEntry[] {
    return this.activeAfter(this.findFork(locator), hashStop, max, false);
  }

  /** Blocks to download: entries without a stored block along the best header chain, lowest first. */
  missingBlocks(max: number): ChainEntry[] {
    const missing: ChainEntry[] = [];
    let h = Math.min(this.height, this.best.height);
    while (h > 0 && this.headerChain[h] !== this.active[h]) h--;
    for (h++; h <= this.best.height && missing.length < max; h++) {
      const entry = this.headerChain[h];
      if (!entry.hasBlock) missing.push(entry);
    }
    return missing;
  }

  /** Resolves when queued work (block processing, header writes) has finished. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Waits for pending work and closes the store. */
  async close(): Promise<void> {
    await this.queue.idle();
    await this.store.close();
  }

  // ---------------------------------------------------------------- loading

  private async load(): Promise<void> {
    const { entries, tip } = await this.store.loadIndex();
    if (entries.length === 0) return this.initGenesis();
    const genesis = entries[0];
    if (genesis.height !== 0 || genesis.hashKey !== hashKey(this.params.genesisHash)) {
      throw new ChainError(ChainErrorCode.GenesisMismatch, "store holds another network's chain (genesis differs)");
    }
    let best: TreeEntry | undefined;
    for (const stored of entries) {
      const prev = stored.height === 0 ? undefined : this.entries.get(stored.rawHeader.toString('latin1', PREV_HASH_OFFSET, PREV_HASH_OFFSET + 32));
      // A header whose parent record is missing is only a header: skip it, sync fetches it again.
      if (stored.height > 0 && (!prev || prev.height !== stored.height - 1)) continue;
      const work = this.pow.work(stored.rawHeader.readUInt32LE(BITS_OFFSET)) + (prev?.chainWork ?? 0n);
      const entry = new TreeEntry(stored.hashKey, stored.height, stored.rawHeader, work, prev, stored.hasBlock);
      entry.invalid = stored.invalid || (prev?.invalid ?? false);
      entry.available = entry.hasBlock && !entry.invalid && (prev ? prev.available : true);
      this.entries.set(entry.key, entry);
      if (!entry.invalid && (!best || work > best.chainWork)) best = entry;
    }
    const tipEntry = tip && this.entries.get(hashKey(tip));
    if (!tipEntry || !tipEntry.available) {
      throw new ChainError(ChainErrorCode.StoreCorrupt, `tip ${tip?.toHex() ?? '(none)'} is not a stored, valid block`);
    }
    for (let e: TreeEntry | undefined = tipEntry; e; e = e.prev) this.active[e.height] = e;
    this.setBestHeader(best!.chainWork > tipEntry.chainWork ? best! : tipEntry);
    // A crash between storing a block and connecting it leaves a better stored branch: finish it.
    const bestAvailable = this.bestAvailable();
    if (bestAvailable !== tipEntry) await this.activate(bestAvailable, new Map());
  }

  private async initGenesis(): Promise<void> {
    const block = this.params.genesisBlock;
    const hash = this.params.genesisHash;
    const entry = new TreeEntry(hashKey(hash), 0, block.header, this.pow.work(block.header.bits), undefined, true, hash);
    entry.available = true;
    await this.store.connectBlock({ entry: record(entry), rawBlock: encodeBlock(block), txids: block.transactions.map(txid) });
    this.entries.set(entry.key, entry);
    this.active.push(entry);
    this.setBestHeader(entry);
  }

  // ---------------------------------------------------------------- headers

  private headerContext(): HeaderContext {
    return { params: this.params, pow: this.pow, nowSec: Math.floor(this.now() / 1000) };
  }

  private acceptKnown(known: TreeEntry): { entry: TreeEntry; isNew: boolean } | ValidationError {
    if (!known.invalid) return { entry: known, isNew: false };
    return this.reject(known.hash, new ValidationError(BlockRejectReason.BadPrevBlock, 'header is known invalid'));
  }

  /**
   * Validates a header new to the tree (by its hash key and its parent's) and adds it. The
   * previous header of a batch is usually the parent: `parentHint` is tried before the map.
   */
  private acceptNewHeader(
    header: BlockHeader,
    key: string,
    prevKey: string,
    context: HeaderContext,
    parentHint?: TreeEntry,
  ): { entry: TreeEntry; isNew: boolean } | ValidationError {
    const prev = parentHint?.key === prevKey ? parentHint : this.entries.get(prevKey);
    if (!prev) return new ValidationError(BlockRejectReason.PrevBlockNotFound, `parent ${header.prevBlock.toHex()} is unknown`);
    const hash = () => Hash256.adopt(Buffer.from(key, 'latin1'));
    if (prev.invalid) return this.reject(hash(), new ValidationError(BlockRejectReason.BadPrevBlock, 'parent is invalid'));
    const pow = this.pow.checkHashKey(key, header.bits);
    if (!pow.ok) return this.reject(hash(), proofOfWorkError(pow.error));
    const error = contextualCheckHeader(header, prev, context);
    if (error) return this.reject(hash(), error);
    const entry = new TreeEntry(key, prev.height + 1, header, prev.chainWork + pow.work, prev, false);
    this.entries.set(key, entry);
    if (entry.chainWork > this.best.chainWork) this.setBestHeader(entry);
    if (this.events.listenerCount('headerAdded') > 0) this.events.emit('headerAdded', { entry });
    return { entry, isNew: true };
  }

  /** A block's header: known, or validated as new. */
  private acceptHeader(header: BlockHeader, hash: Hash256, context: HeaderContext): { entry: TreeEntry; isNew: boolean } | ValidationError {
    const known = this.entries.get(hashKey(hash));
    return known ? this.acceptKnown(known) : this.acceptNewHeader(header, hashKey(hash), hashKey(header.prevBlock), context);
  }

  private setBestHeader(entry: TreeEntry): void {
    this.best = entry;
    if (this.headerChain.length > entry.height + 1) this.headerChain.length = entry.height + 1;
    for (let e: TreeEntry | undefined = entry; e && this.headerChain[e.height] !== e; e = e.prev) this.headerChain[e.height] = e;
  }

  /** Header records are built and written in the queue, off the validation path, with the entries' state at write time. */
  private persistInBackground(entries: TreeEntry[]): void {
    this.queue.run(() => this.store.putEntries(entries.map((e) => record(e)))).catch((error: unknown) => {
      this.backgroundError ??= error;
    });
  }

  private assertHealthy(): void {
    if (this.backgroundError) throw this.backgroundError;
  }

  // ---------------------------------------------------------------- blocks

  private async processBlock(block: Block): Promise<SubmitBlockResult> {
    const hash = blockHash(block.header);
    const accepted = this.acceptHeader(block.header, hash, this.headerContext());
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
      else if (isNew) await this.store.putEntries([record(entry)]);
      this.reject(hash, failure.error);
      return { status: 'invalid', hash, entry, reason: failure.error.code, message: failure.error.detail };
    }

    const candidate = entry.prev!.available ? this.markAvailable(entry) : undefined;
    if (candidate && candidate.chainWork > this.tip.chainWork) {
      await this.activate(candidate, new Map([[entry.key, data]]));
    }
    if (entry.invalid) {
      return { status: 'invalid', hash, entry, reason: BlockRejectReason.TransactionAlreadyConfirmed, message: 'a transaction is already confirmed' };
    }
    if (!entry.hasBlock) {
      await this.store.putBlock(record(entry, true), data.raw);
      entry.hasBlock = true;
    }
    return { status: this.isOnActiveChain(entry) ? 'connected' : 'stored', hash, entry };
  }

  /** The entry's block is (about to be) stored and its parent is available: mark it and stored descendants. */
  private markAvailable(entry: TreeEntry): TreeEntry {
    let best = entry;
    const stack = [entry];
    while (stack.length > 0) {
      const e = stack.pop()!;
      e.available = true;
      if (e.chainWork > best.chainWork) best = e;
      for (const child of e.children()) if (child.hasBlock && !child.invalid) stack.push(child);
    }
    return best;
  }

  /** The most-work entry that can be the tip (the current tip wins ties, as Core keeps its first-seen tip). */
  private bestAvailable(): TreeEntry {
    let best = this.active[this.active.length - 1];
    for (const e of this.entries.values()) if (e.available && e.chainWork > best.chainWork) best = e;
    return best;
  }

  /** Marks an entry and its descendants invalid (persisted), and moves bestHeader off them. */
  private async markInvalid(entry: TreeEntry): Promise<void> {
    const changed: TreeEntry[] = [];
    const stack = [entry];
    while (stack.length > 0) {
      const e = stack.pop()!;
      e.invalid = true;
      e.available = false;
      changed.push(e);
      stack.push(...(e.children()));
    }
    await this.store.putEntries(changed.map((e) => record(e)));
    if (this.best.invalid) {
      let best = this.active[this.active.length - 1];
      for (const e of this.entries.values()) if (!e.invalid && e.chainWork > best.chainWork) best = e;
      this.setBestHeader(best);
    }
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
          this.reject(path[k].hash, error);
          await this.markInvalid(path[k]);
          goal = this.bestAvailable();
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
    await this.store.connectBlock({ entry: record(entry, true), rawBlock: storeBlock ? data.raw : undefined, txids: data.txids });
    entry.hasBlock = true;
    this.active.push(entry);
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

  private activeAfter(fork: ChainEntry, hashStop: Hash256, max: number, includeStop: boolean): ChainEntry[] {
    const out: ChainEntry[] = [];
    for (let h = fork.height + 1; h < this.active.length && out.length < max; h++) {
      const entry = this.active[h];
      const isStop = entry.hash.equals(hashStop);
      if (isStop && !includeStop) break;
      out.push(entry);
      if (isStop) break;
    }
    return out;
  }

  private reject(hash: Hash256, error: ValidationError): ValidationError {
    this.events.emit('blockRejected', { hash, reason: error.code, message: error.detail });
    return error;
  }
}

function record(entry: TreeEntry, hasBlock = entry.hasBlock): StoredEntry {
  return { hash: entry.hashForWrite(), height: entry.height, rawHeader: entry.rawHeader, hasBlock, invalid: entry.invalid };
}

import { Hash256, encodeBlockHeader, type BlockHeader } from '@mbc/wire';

import { contextualCheckHeader, proofOfWorkError, type HeaderContext } from '../consensus/check-header';
import { BlockRejectReason, ValidationError } from '../consensus/validation-error';
import { ChainError, ChainErrorCode } from '../errors';
import type { NetworkParams } from '../params/network-params';
import type { ProofOfWork } from '../pow/proof-of-work';
import type { StoredIndex } from '../store/chain-store';
import type { TypedEmitter } from '../util/typed-emitter';
import { TreeEntry, hashKey } from './chain-entry';
import type { ChainEvents } from './events';
import { headerHashKey } from './header-hash-key';

/** Field offsets in the 80-byte header: version(4) prev(32) merkle(32) time(4) bits(4) nonce(4). */
const PREV_HASH_OFFSET = 4;
const BITS_OFFSET = 72;

export type AcceptedHeader = { readonly entry: TreeEntry; readonly isNew: boolean } | ValidationError;

/**
 * Every header we know (Core's block index): entries by hash key with cumulative work, validity
 * and block availability, and the best header chain (the most-work valid branch, by height).
 * Which branch is active is the Chain's business; this tree only says which could be.
 */
export class BlockTree {
  private readonly entries = new Map<string, TreeEntry>();
  /** Best header chain by height (ancestors of best). */
  readonly headerChain: TreeEntry[] = [];
  private bestEntry!: TreeEntry;

  constructor(
    private readonly params: NetworkParams,
    private readonly pow: ProofOfWork,
    private readonly events: TypedEmitter<ChainEvents>,
  ) {}

  get best(): TreeEntry {
    return this.bestEntry;
  }

  get(hash: Hash256): TreeEntry | undefined {
    return this.entries.get(hashKey(hash));
  }

  values(): IterableIterator<TreeEntry> {
    return this.entries.values();
  }

  /** Genesis of an empty store. */
  addGenesis(): TreeEntry {
    const { genesisBlock, genesisHash } = this.params;
    const entry = new TreeEntry(hashKey(genesisHash), 0, genesisBlock.header, this.pow.work(genesisBlock.header.bits), undefined, true, genesisHash);
    entry.available = true;
    this.entries.set(entry.key, entry);
    this.setBest(entry);
    return entry;
  }

  /**
   * Rebuilds the tree from stored records (ascending height) and returns the stored tip's entry.
   * Hashes are not recomputed and headers stay undecoded until used, so reopening a long chain
   * allocates little per entry.
   */
  load({ entries: stored, tip }: StoredIndex): TreeEntry {
    const genesis = stored[0];
    if (genesis.height !== 0 || genesis.hashKey !== hashKey(this.params.genesisHash)) {
      throw new ChainError(ChainErrorCode.GenesisMismatch, "store holds another network's chain (genesis differs)");
    }
    let best: TreeEntry | undefined;
    for (const record of stored) {
      const prev = record.height === 0 ? undefined : this.entries.get(record.rawHeader.toString('latin1', PREV_HASH_OFFSET, PREV_HASH_OFFSET + 32));
      // A header whose parent record is missing is only a header: skip it, sync fetches it again.
      if (record.height > 0 && (!prev || prev.height !== record.height - 1)) continue;
      const work = this.pow.work(record.rawHeader.readUInt32LE(BITS_OFFSET)) + (prev?.chainWork ?? 0n);
      const entry = new TreeEntry(record.hashKey, record.height, record.rawHeader, work, prev, record.hasBlock);
      entry.invalid = record.invalid || (prev?.invalid ?? false);
      entry.available = entry.hasBlock && !entry.invalid && (prev ? prev.available : true);
      this.entries.set(entry.key, entry);
      if (!entry.invalid && (!best || work > best.chainWork)) best = entry;
    }
    const tipEntry = tip && this.entries.get(hashKey(tip));
    if (!tipEntry || !tipEntry.available) {
      throw new ChainError(ChainErrorCode.StoreCorrupt, `tip ${tip?.toHex() ?? '(none)'} is not a stored, valid block`);
    }
    this.setBest(best!.chainWork > tipEntry.chainWork ? best! : tipEntry);
    return tipEntry;
  }

  /**
   * Validates a header and adds it if new (Core's AcceptBlockHeader). Hashing goes straight from
   * the 80 bytes to the map key: headers sync allocates one key string and one entry per header.
   * `parentHint` (a batch's previous header, usually the parent) is tried before the map.
   */
  acceptHeader(header: BlockHeader, context: HeaderContext, parentHint?: TreeEntry): AcceptedHeader {
    const raw = encodeBlockHeader(header);
    const key = headerHashKey(raw);
    const known = this.entries.get(key);
    if (known) return this.acceptKnown(known);
    return this.acceptNew(header, key, raw.toString('latin1', PREV_HASH_OFFSET, PREV_HASH_OFFSET + 32), context, parentHint);
  }

  /** acceptHeader for a block's header, whose hash the caller has already. */
  acceptBlockHeader(header: BlockHeader, hash: Hash256, context: HeaderContext): AcceptedHeader {
    const known = this.entries.get(hashKey(hash));
    return known ? this.acceptKnown(known) : this.acceptNew(header, hashKey(hash), hashKey(header.prevBlock), context);
  }

  /** Marks the entry's subtree invalid (not available); returns the changed entries and moves best off them. */
  invalidate(entry: TreeEntry, tip: TreeEntry): TreeEntry[] {
    const changed: TreeEntry[] = [];
    const stack = [entry];
    while (stack.length > 0) {
      const e = stack.pop()!;
      e.invalid = true;
      e.available = false;
      changed.push(e);
      stack.push(...e.children());
    }
    if (this.bestEntry.invalid) {
      let best = tip;
      for (const e of this.entries.values()) if (!e.invalid && e.chainWork > best.chainWork) best = e;
      this.setBest(best);
    }
    return changed;
  }

  /** The entry's block is (about to be) stored and its parent is available: mark it and stored descendants; returns the most-work one. */
  markAvailable(entry: TreeEntry): TreeEntry {
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

  /** The most-work entry that can be the tip (`tip` wins ties, as Core keeps its first-seen tip). */
  bestAvailable(tip: TreeEntry): TreeEntry {
    let best = tip;
    for (const e of this.entries.values()) if (e.available && e.chainWork > best.chainWork) best = e;
    return best;
  }

  private acceptKnown(known: TreeEntry): AcceptedHeader {
    if (!known.invalid) return { entry: known, isNew: false };
    return this.reject(known.hash, new ValidationError(BlockRejectReason.BadPrevBlock, 'header is known invalid'));
  }

  private acceptNew(header: BlockHeader, key: string, prevKey: string, context: HeaderContext, parentHint?: TreeEntry): AcceptedHeader {
    const prev = parentHint?.key === prevKey ? parentHint : this.entries.get(prevKey);
    if (!prev) return new ValidationError(BlockRejectReason.PrevBlockNotFound, `parent ${header.prevBlock.toHex()} is unknown`);
    // The Hash256 is only built for an event about a failure.
    if (prev.invalid) return this.reject(hashOfKey(key), new ValidationError(BlockRejectReason.BadPrevBlock, 'parent is invalid'));
    const pow = this.pow.checkHashKey(key, header.bits);
    if (!pow.ok) return this.reject(hashOfKey(key), proofOfWorkError(pow.error));
    const error = contextualCheckHeader(header, prev, context);
    if (error) return this.reject(hashOfKey(key), error);
    const entry = new TreeEntry(key, prev.height + 1, header, prev.chainWork + pow.work, prev, false);
    this.entries.set(key, entry);
    if (entry.chainWork > this.bestEntry.chainWork) this.setBest(entry);
    if (this.events.listenerCount('headerAdded') > 0) this.events.emit('headerAdded', { entry });
    return { entry, isNew: true };
  }

  private setBest(entry: TreeEntry): void {
    this.bestEntry = entry;
    const chain = this.headerChain;
    if (chain.length > entry.height + 1) chain.length = entry.height + 1;
    for (let e: TreeEntry | undefined = entry; e && chain[e.height] !== e; e = e.prev) chain[e.height] = e;
  }

  reject(hash: Hash256, error: ValidationError): ValidationError {
    this.events.emit('blockRejected', { hash, reason: error.code, message: error.detail });
    return error;
  }
}

function hashOfKey(key: string): Hash256 {
  return Hash256.adopt(Buffer.from(key, 'latin1'));
}

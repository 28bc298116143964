import type { Hash256 } from '@mbc/wire';

/** One block-tree entry as persisted: the header and its status. */
export interface StoredEntry {
  readonly hash: Hash256;
  readonly height: number;
  /** The 80 serialized header bytes. */
  readonly rawHeader: Buffer;
  readonly hasBlock: boolean;
  readonly invalid: boolean;
}

/** Where a confirmed transaction sits. */
export interface TxLocation {
  readonly blockHash: Hash256;
  readonly index: number;
}

/** A tree entry as read back on open: its hash only as a map key, to allocate little per entry. */
export interface IndexedEntry {
  /** The hash's 32 internal bytes as a latin1 string (see hashKey). */
  readonly hashKey: string;
  readonly height: number;
  readonly rawHeader: Buffer;
  readonly hasBlock: boolean;
  readonly invalid: boolean;
}

/** The persisted chain: every tree entry in ascending height order, and the active tip. */
export interface StoredIndex {
  readonly entries: IndexedEntry[];
  readonly tip: Hash256 | undefined;
}

/** Connecting a block: its entry (rewritten with hasBlock), its bytes if not stored yet, and its txids. */
export interface ConnectUpdate {
  readonly entry: StoredEntry;
  readonly rawBlock?: Buffer;
  readonly txids: readonly Hash256[];
}

export interface DisconnectUpdate {
  readonly txids: readonly Hash256[];
  readonly newTip: Hash256;
}

/**
 * Persistence of the block tree, blocks, the txid index of the active chain and the tip.
 * Every method that writes applies ONE atomic batch, so the store is consistent after a crash
 * at any instant: the tip, its txid index entries and its blocks change together.
 */
export interface ChainStore {
  open(): Promise<void>;
  close(): Promise<void>;
  loadIndex(): Promise<StoredIndex>;
  /** Writes tree entries (new headers, or a changed status such as invalid). */
  putEntries(entries: readonly StoredEntry[]): Promise<void>;
  /** Stores a block that is not connected (yet): its bytes and its entry with hasBlock. */
  putBlock(entry: StoredEntry, rawBlock: Buffer): Promise<void>;
  /**
   * Connects blocks in order, in one batch: stores each whose rawBlock is given, indexes their
   * txids, and moves the tip to the last (initial sync connects runs of blocks at once).
   */
  connectBlocks(updates: readonly ConnectUpdate[]): Promise<void>;
  /** Moves the tip to the parent and unindexes the block's txids (the block stays stored). */
  disconnectBlock(update: DisconnectUpdate): Promise<void>;
  getRawBlock(hash: Hash256): Promise<Buffer | undefined>;
  /** Locations of confirmed transactions, in the order asked (undefined when not confirmed). */
  getTransactions(txids: readonly Hash256[]): Promise<(TxLocation | undefined)[]>;
}

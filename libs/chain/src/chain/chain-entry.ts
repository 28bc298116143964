import { Hash256, decodeBlockHeader, encodeBlockHeader, type BlockHeader } from '@mbc/wire';

import type { StoredEntry } from '../store/chain-store';

/** A header in the block tree, with its place in it. Read-only to users of the chain. */
export interface ChainEntry {
  readonly hash: Hash256;
  readonly height: number;
  readonly header: BlockHeader;
  /** Total work of the chain ending here (bigint). */
  readonly chainWork: bigint;
  /** Whether the full block is stored. */
  readonly hasBlock: boolean;
  /** Parent entry; undefined only for genesis. */
  readonly prev: ChainEntry | undefined;
}

/** Map key of a hash: its 32 internal bytes as a one-byte-per-char string (cheaper than hex). */
export function hashKey(hash: Hash256): string {
  return hash.internal.toString('latin1');
}

/**
 * The tree's own mutable view of an entry. Entries rebuilt from the store keep the raw 80 header
 * bytes and decode them on first use: reopening a long chain allocates little per entry. Entries
 * added from decoded headers keep only the header object (which the peer's message allocated).
 */
export class TreeEntry implements ChainEntry {
  hasBlock: boolean;
  /** Consensus-invalid, or descends from an invalid entry. */
  invalid = false;
  /** This block and all its ancestors are stored and valid so far: it can become the tip. */
  available = false;
  private firstChild: TreeEntry | undefined;
  private otherChildren: TreeEntry[] | undefined;
  private decoded: BlockHeader | undefined;
  private raw: Buffer | undefined;
  private hashValue: Hash256 | undefined;
  /** The hash as a map key (hashKey); the Hash256 itself is built on first use. */
  readonly key: string;

  constructor(
    key: string,
    readonly height: number,
    header: BlockHeader | Buffer,
    readonly chainWork: bigint,
    readonly prev: TreeEntry | undefined,
    hasBlock: boolean,
    hash?: Hash256,
  ) {
    this.key = key;
    this.hashValue = hash;
    if (Buffer.isBuffer(header)) this.raw = header;
    else this.decoded = header;
    this.hasBlock = hasBlock;
    prev?.addChild(this);
  }

  get hash(): Hash256 {
    this.hashValue ??= this.hashForWrite();
    return this.hashValue;
  }

  /** The hash without keeping it: store records of freshly synced headers need it once. */
  private hashForWrite(): Hash256 {
    return this.hashValue ?? Hash256.adopt(Buffer.from(this.key, 'latin1'));
  }

  get header(): BlockHeader {
    this.decoded ??= decodeBlockHeader(this.raw!);
    return this.decoded;
  }

  /** The 80 serialized bytes; encoded afresh (not kept) for a header that arrived decoded: only store writes need them. */
  get rawHeader(): Buffer {
    return this.raw ?? encodeBlockHeader(this.decoded!);
  }

  /** The entry as a store record (`hasBlock` overridden when the write itself stores the block). */
  toStored(hasBlock = this.hasBlock): StoredEntry {
    return { hash: this.hashForWrite(), height: this.height, rawHeader: this.rawHeader, hasBlock, invalid: this.invalid };
  }

  children(): TreeEntry[] {
    if (!this.firstChild) return [];
    return this.otherChildren ? [this.firstChild, ...this.otherChildren] : [this.firstChild];
  }

  private addChild(child: TreeEntry): void {
    if (!this.firstChild) this.firstChild = child;
    else (this.otherChildren ??= []).push(child);
  }
}

/** Number of blocks whose median time a new block must exceed (Core's nMedianTimeSpan). */
export const MEDIAN_TIME_SPAN = 11;

/** Reused by medianTimePast (single-threaded and not re-entrant): no array per header validated. */
const medianScratch = new Float64Array(MEDIAN_TIME_SPAN);

/** GetMedianTimePast: the median time of this block and up to 10 ancestors. */
export function medianTimePast(entry: ChainEntry): number {
  // Runs for every header validated: an insertion sort into a small reused buffer beats Array#sort.
  let count = 0;
  for (let e: ChainEntry | undefined = entry; e && count < MEDIAN_TIME_SPAN; e = e.prev) {
    const time = e.header.time;
    let k = count++;
    while (k > 0 && medianScratch[k - 1] > time) {
      medianScratch[k] = medianScratch[k - 1];
      k--;
    }
    medianScratch[k] = time;
  }
  return medianScratch[count >> 1];
}

/** The ancestor at `height` (walks parent links; callers keep the distance small or use the active chain). */
export function ancestorAt(entry: ChainEntry, height: number): ChainEntry | undefined {
  let e: ChainEntry | undefined = entry;
  while (e && e.height > height) e = e.prev;
  return e && e.height === height ? e : undefined;
}

import type { BlockHeader, Hash256 } from '@mbc/wire';

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

/** The tree's own mutable view of an entry. */
export class TreeEntry implements ChainEntry {
  hasBlock: boolean;
  /** Consensus-invalid, or descends from an invalid entry. */
  invalid = false;
  /** This block and all its ancestors are stored and valid so far: it can become the tip. */
  available = false;
  children: TreeEntry[] | undefined;

  constructor(
    readonly hash: Hash256,
    readonly height: number,
    readonly header: BlockHeader,
    readonly chainWork: bigint,
    readonly prev: TreeEntry | undefined,
    hasBlock: boolean,
  ) {
    this.hasBlock = hasBlock;
    if (prev) (prev.children ??= []).push(this);
  }

  get key(): string {
    return this.hash.toKey();
  }
}

/** Number of blocks whose median time a new block must exceed (Core's nMedianTimeSpan). */
export const MEDIAN_TIME_SPAN = 11;

/** GetMedianTimePast: the median time of this block and up to 10 ancestors. */
export function medianTimePast(entry: ChainEntry): number {
  const times: number[] = [];
  for (let e: ChainEntry | undefined = entry; e && times.length < MEDIAN_TIME_SPAN; e = e.prev) times.push(e.header.time);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The ancestor at `height` (walks parent links; callers keep the distance small or use the active chain). */
export function ancestorAt(entry: ChainEntry, height: number): ChainEntry | undefined {
  let e: ChainEntry | undefined = entry;
  while (e && e.height > height) e = e.prev;
  return e && e.height === height ? e : undefined;
}

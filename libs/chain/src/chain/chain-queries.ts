import { MAX_HEADERS_PER_MSG, type Hash256 } from '@mbc/wire';

import type { BlockTree } from './block-tree';
import type { ChainEntry, TreeEntry } from './chain-entry';
import { locatorHeights } from './locator';

/** Core's getheaders answer (MAX_HEADERS_RESULTS, the headers message limit) and getblocks inv size. */
export const DEFAULT_MAX_HEADERS = MAX_HEADERS_PER_MSG;
export const DEFAULT_MAX_BLOCKS_INV = 500;

/**
 * The read-only questions peers ask of the chain (getheaders, getblocks, block download), answered
 * from the tree and the active chain (by height, owned and updated in place by the Chain).
 */
export class ChainQueries {
  constructor(
    private readonly tree: BlockTree,
    private readonly active: readonly TreeEntry[],
  ) {}

  /**
   * Block locator (Core's GetLocator) from `entry`: read by height from the active chain or the
   * best header chain when the entry is on one (during sync every getheaders starts from the
   * best header, far above the active tip), else by walking back.
   */
  locator(entry: ChainEntry): Hash256[] {
    const byHeight = [this.active, this.tree.headerChain].find((chain) => chain[entry.height] === entry);
    let walker: ChainEntry | undefined = entry;
    return locatorHeights(entry.height).map((h) => {
      if (byHeight) return byHeight[h].hash;
      while (walker && walker.height > h) walker = walker.prev;
      return walker!.hash;
    });
  }

  /** FindForkInGlobalIndex: the first locator hash on our active chain, else genesis. */
  findFork(locator: readonly Hash256[]): ChainEntry {
    for (const hash of locator) {
      const entry = this.tree.get(hash);
      if (entry && this.active[entry.height] === entry) return entry;
    }
    return this.active[0];
  }

  /**
   * The answer to getheaders (Core's ProcessGetHeaders): active-chain entries after the fork
   * point, up to `max`, ending at hashStop inclusive. An empty locator asks for the single
   * header hashStop (if we know it).
   */
  headersAfter(locator: readonly Hash256[], hashStop: Hash256, max: number): ChainEntry[] {
    if (locator.length === 0) {
      const entry = this.tree.get(hashStop);
      return entry && !entry.invalid ? [entry] : [];
    }
    return this.activeAfter(this.findFork(locator), hashStop, max, true);
  }

  /** The answer to getblocks (ProcessGetBlocks): up to `max` blocks after the fork, stopping before hashStop. */
  blocksAfter(locator: readonly Hash256[], hashStop: Hash256, max: number): ChainEntry[] {
    return this.activeAfter(this.findFork(locator), hashStop, max, false);
  }

  /** Blocks to download: entries without a stored block along the best header chain, lowest first. */
  missingBlocks(max: number): ChainEntry[] {
    const { headerChain, best } = this.tree;
    const missing: ChainEntry[] = [];
    let h = Math.min(this.active.length - 1, best.height);
    while (h > 0 && headerChain[h] !== this.active[h]) h--;
    for (h++; h <= best.height && missing.length < max; h++) {
      const entry = headerChain[h];
      if (!entry.hasBlock) missing.push(entry);
    }
    return missing;
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
}

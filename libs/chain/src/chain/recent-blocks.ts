import type { Block } from '@mbc/wire';

/** Blocks connected last, kept in memory (Core's m_most_recent_block). */
const RECENT_BLOCKS = 16;

interface RecentBlock {
  readonly block: Block;
  readonly raw: Buffer;
}

/**
 * The last few connected blocks, decoded and serialized: every peer asks for a new block right
 * after we announce it, and answering from memory keeps a store read (and its wait on the
 * thread pool of a busy machine) off each hop of propagation. Blocks are immutable, so an entry
 * never goes stale; the oldest is dropped first.
 */
export class RecentBlocks {
  private readonly blocks = new Map<string, RecentBlock>();

  remember(key: string, block: Block, raw: Buffer): void {
    this.blocks.delete(key);
    this.blocks.set(key, { block, raw });
    if (this.blocks.size > RECENT_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as string);
  }

  get(key: string): RecentBlock | undefined {
    return this.blocks.get(key);
  }
}

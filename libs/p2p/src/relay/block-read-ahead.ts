import type { Chain } from '@mbc/chain';
import { InvType, type Block, type InvVector } from '@mbc/wire';

import { MAX_BLOCKS_IN_FLIGHT_PER_PEER } from '../constants';

/**
 * Reads the blocks of a getdata a few ahead of the one being sent, so the store's reads overlap
 * instead of costing one disk round trip each while the peer (and anything it queued behind the
 * getdata, such as its next getheaders) waits. At most MAX_BLOCKS_IN_FLIGHT_PER_PEER reads are
 * pending or held: what a peer following Core's limits asks for at once, and bounded memory for
 * one that asks for more.
 */
export class BlockReadAhead {
  private readonly reads = new Map<number, Promise<Block | undefined>>();
  private next = 0;

  constructor(
    private readonly chain: Chain,
    private readonly inventory: readonly InvVector[],
  ) {}

  /** The block named by inventory[index] (which must be a block item), in order of index. */
  take(index: number): Promise<Block | undefined> {
    this.next = Math.max(this.next, index);
    while (this.next < this.inventory.length && this.reads.size < MAX_BLOCKS_IN_FLIGHT_PER_PEER) this.readAhead(this.next++);
    const read = this.reads.get(index) ?? this.chain.getBlock(this.inventory[index].hash);
    this.reads.delete(index);
    return read;
  }

  private readAhead(index: number): void {
    const item = this.inventory[index];
    if ((item.type & ~InvType.WitnessFlag) !== InvType.Block) return;
    const read = this.chain.getBlock(item.hash);
    // A read left behind when the peer goes away must not become an unhandled rejection;
    // take() still sees its failure.
    read.catch(() => undefined);
    this.reads.set(index, read);
  }
}

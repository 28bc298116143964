// A MemoryChainStore that records its writes and reads, for specs that check how often the chain
// goes to the store (runs connected in one write, header records in bulk, reads answered from memory).
import type { Hash256 } from '@mbc/wire';

import type { ConnectUpdate, StoredEntry, TxLocation } from '../store/chain-store';
import { MemoryChainStore } from '../store/memory-chain-store';

export class CountingStore extends MemoryChainStore {
  /** Blocks per connectBlocks write. */
  connectWrites: number[] = [];
  /** Records per putEntries write. */
  headerWrites: number[] = [];
  /** Txids per getTransactions read. */
  txidReads: number[] = [];
  blockReads = 0;

  /** Forgets what was recorded so far (e.g. the genesis write of Chain.open). */
  reset(): void {
    this.connectWrites = [];
    this.headerWrites = [];
    this.txidReads = [];
    this.blockReads = 0;
  }

  override async connectBlocks(updates: readonly ConnectUpdate[]): Promise<void> {
    this.connectWrites.push(updates.length);
    return super.connectBlocks(updates);
  }

  override async putEntries(entries: readonly StoredEntry[]): Promise<void> {
    this.headerWrites.push(entries.length);
    return super.putEntries(entries);
  }

  override async getTransactions(txids: readonly Hash256[]): Promise<(TxLocation | undefined)[]> {
    this.txidReads.push(txids.length);
    return super.getTransactions(txids);
  }

  override async getRawBlock(hash: Hash256): Promise<Buffer | undefined> {
    this.blockReads += 1;
    return super.getRawBlock(hash);
  }
}

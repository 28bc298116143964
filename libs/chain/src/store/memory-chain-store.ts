import type { Hash256 } from '@mbc/wire';

import { hashKey } from '../chain/chain-entry';
import { ChainError, ChainErrorCode } from '../errors';
import type { ChainStore, ConnectUpdate, DisconnectUpdate, StoredEntry, StoredIndex, TxLocation } from './chain-store';

/** In-memory ChainStore with the LevelChainStore's semantics, for fast unit tests. */
export class MemoryChainStore implements ChainStore {
  private readonly entries = new Map<string, StoredEntry>();
  private readonly blocks = new Map<string, Buffer>();
  private readonly txs = new Map<string, TxLocation>();
  private tip: Hash256 | undefined;
  private isOpen = false;

  async open(): Promise<void> {
    this.isOpen = true;
  }

  async close(): Promise<void> {
    this.isOpen = false;
  }

  async loadIndex(): Promise<StoredIndex> {
    this.assertOpen();
    const entries = [...this.entries.values()]
      .sort((a, b) => a.height - b.height)
      .map((e) => ({ hashKey: hashKey(e.hash), height: e.height, rawHeader: e.rawHeader, hasBlock: e.hasBlock, invalid: e.invalid }));
    return { entries, tip: this.tip };
  }

  async putEntries(entries: readonly StoredEntry[]): Promise<void> {
    this.assertOpen();
    for (const e of entries) this.entries.set(e.hash.toKey(), e);
  }

  async putBlock(entry: StoredEntry, rawBlock: Buffer): Promise<void> {
    this.assertOpen();
    this.blocks.set(entry.hash.toKey(), rawBlock);
    this.entries.set(entry.hash.toKey(), entry);
  }

  async connectBlocks(updates: readonly ConnectUpdate[]): Promise<void> {
    this.assertOpen();
    for (const { entry, rawBlock, txids } of updates) {
      if (rawBlock) await this.putBlock(entry, rawBlock);
      txids.forEach((txid, index) => this.txs.set(txid.toKey(), { blockHash: entry.hash, index }));
      this.tip = entry.hash;
    }
  }

  async disconnectBlock({ txids, newTip }: DisconnectUpdate): Promise<void> {
    this.assertOpen();
    for (const txid of txids) this.txs.delete(txid.toKey());
    this.tip = newTip;
  }

  async getRawBlock(hash: Hash256): Promise<Buffer | undefined> {
    this.assertOpen();
    return this.blocks.get(hash.toKey());
  }

  async getTransactions(txids: readonly Hash256[]): Promise<(TxLocation | undefined)[]> {
    this.assertOpen();
    return txids.map((txid) => this.txs.get(txid.toKey()));
  }

  private assertOpen(): void {
    if (!this.isOpen) throw new ChainError(ChainErrorCode.StoreClosed, 'chain store is closed');
  }
}

import type { Hash256 } from '@mbc/wire';

import type { Chain } from '../chain/chain';

interface Lookup {
  readonly txid: Hash256;
  resolve(confirmed: boolean): void;
  reject(error: unknown): void;
}

/**
 * "Is this txid confirmed?" for transactions accepted concurrently: the questions asked while a
 * read of the chain's txid index is in flight are answered together by the next one, so a burst
 * of relayed transactions costs one store round trip per batch instead of one each. One read at a
 * time also answers in the order asked, so the first of two conflicting transactions still wins.
 */
export class ConfirmationLookups {
  private queued: Lookup[] = [];
  private reading = false;

  constructor(private readonly chain: Chain) {}

  isConfirmed(txid: Hash256): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queued.push({ txid, resolve, reject });
      if (!this.reading) void this.readQueued();
    });
  }

  private async readQueued(): Promise<void> {
    this.reading = true;
    // Let the current burst (a socket chunk's worth of tx messages) queue up first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queued.length > 0) {
      const batch = this.queued;
      this.queued = [];
      try {
        const found = await this.chain.confirmedAmong(batch.map((lookup) => lookup.txid));
        batch.forEach((lookup, i) => lookup.resolve(found[i]));
      } catch (error) {
        for (const lookup of batch) lookup.reject(error);
      }
    }
    this.reading = false;
  }
}

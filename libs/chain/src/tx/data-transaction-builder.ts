import type { Transaction } from '@mbc/wire';

import { SerialQueue } from '../util/serial-queue';
import type { OwnCoins } from '../wallet/own-coins';
import type { SpendableCoin } from './data-transaction';
import { createDataTransaction, createFundedDataTransaction, isEmptyScriptSigSpendable } from './data-transaction';

/**
 * Builds data transactions the way real Bitcoin nodes accept them: spending one of the node's own
 * coins (its payout script must be spendable with an empty scriptSig, as the default OP_TRUE is),
 * change back to the payout script. Without such a coin (a fresh network: the first coinbase
 * matures at height 101) it falls back to createDataTransaction's unfunded form, valid on a
 * MiniBlockchain network only.
 */
export class DataTransactionBuilder {
  private readonly queue = new SerialQueue();

  constructor(private readonly coins: OwnCoins) {}

  /** Whether transactions can be funded at all (the payout script needs no signature). */
  get canFund(): boolean {
    return isEmptyScriptSigSpendable(this.coins.payoutScript);
  }

  /**
   * A data transaction spending the preferred spendable coin, or unfunded when there is none.
   * Two calls before either transaction reaches the mempool pick the same coin: use send().
   */
  async build(payload: Buffer): Promise<Transaction> {
    const coin = await this.pickCoin();
    return coin ? createFundedDataTransaction(payload, coin, this.coins.payoutScript) : createDataTransaction(payload);
  }

  /**
   * build() then `submit` (e.g. the P2P node's broadcastTransaction, which accepts into the
   * mempool). Funded ones go one at a time: each is in the mempool before the next picks a coin,
   * so chained sends spend each other's change instead of conflicting. Unfunded ones share no coin
   * and are submitted concurrently (a burst of them would otherwise queue behind each other).
   */
  async send<R>(payload: Buffer, submit: (tx: Transaction) => Promise<R>): Promise<{ tx: Transaction; result: R }> {
    const funded = await this.queue.run(async () => {
      const coin = await this.pickCoin();
      if (!coin) return undefined;
      const tx = createFundedDataTransaction(payload, coin, this.coins.payoutScript);
      return { tx, result: await submit(tx) };
    });
    if (funded) return funded;
    const tx = createDataTransaction(payload);
    return { tx, result: await submit(tx) };
  }

  private async pickCoin(): Promise<SpendableCoin | undefined> {
    const [coin] = this.canFund ? await this.coins.spendable(1) : [];
    return coin;
  }
}

import { txid as txidOf, type Block, type Hash256, type OutPoint, type Transaction } from '@mbc/wire';

import type { Chain } from '../chain/chain';
import type { ChainEntry } from '../chain/chain-entry';
import type { Mempool } from '../mempool/mempool';
import { DEFAULT_PAYOUT_SCRIPT } from '../miner/miner';
import { outpointKey } from '../util/outpoint-key';

/** COINBASE_MATURITY (consensus.h): a coinbase output is spendable by a block 100 blocks above it. */
export const COINBASE_MATURITY = 100;

/**
 * Blocks read when tracking starts: coinbases of the oldest ~100 of them are mature already, and
 * every spend of a coin created in the window is in the window too (spends come after creation),
 * so what is tracked is exact. Older coins are ignored, which never makes a transaction invalid.
 */
export const DEFAULT_OWN_COINS_SCAN_BLOCKS = 2 * COINBASE_MATURITY;

/** Unspent coins kept at most (oldest forgotten first): memory stays bounded on a long chain. */
export const MAX_TRACKED_COINS = 10_000;

export interface OwnCoin {
  readonly outpoint: OutPoint;
  readonly value: bigint;
  readonly coinbase: boolean;
  /** Height of the active-chain block holding it; undefined while its transaction is in the mempool. */
  readonly height: number | undefined;
}

export interface OwnCoinsOptions {
  readonly chain: Chain;
  /** Its transactions' spends and change count too (spent coins are skipped, change is spendable). */
  readonly mempool?: Mempool;
  /** The script our outputs pay (the miner's payout; OP_TRUE by default). */
  readonly payoutScript?: Buffer;
  readonly scanBlocks?: number;
}

interface SpentCoin {
  readonly coin: OwnCoin;
  /** Height of the block whose transaction spent it. */
  readonly height: number;
}

/**
 * The node's own coins (outputs paying its payout script), as a wallet would see them without a
 * UTXO set: outputs in active-chain blocks minus outpoints spent on the active chain, plus outputs
 * of mempool transactions; `spendable()` also leaves out immature coinbases and outpoints a
 * mempool transaction spends. Follows the chain's connect/disconnect events (reorg-safe: a
 * disconnected block's spends are undone, its outputs forgotten) and the mempool's events.
 *
 * Nothing is persisted: tracking starts lazily (first `spendable()`) from the last `scanBlocks`
 * active blocks, so opening the chain costs nothing; the first call reads ~200 blocks.
 */
export class OwnCoins {
  readonly payoutScript: Buffer;

  private readonly chain: Chain;
  private readonly mempool?: Mempool;
  private readonly scanBlocks: number;
  /** Unspent on the active chain, oldest first (outpoint key → coin). */
  private readonly confirmed = new Map<string, OwnCoin>();
  /** Spent on the active chain, kept for `scanBlocks` blocks to be restored by a reorg. */
  private readonly spent = new Map<string, SpentCoin>();
  /** Outputs of mempool transactions (txid key → its coins). */
  private readonly unconfirmed = new Map<string, OwnCoin[]>();
  private tracking = false;
  private starting: Promise<void> | undefined;
  private readonly unsubscribe: (() => void)[];

  constructor(options: OwnCoinsOptions) {
    this.chain = options.chain;
    this.mempool = options.mempool;
    this.payoutScript = options.payoutScript ?? DEFAULT_PAYOUT_SCRIPT;
    this.scanBlocks = options.scanBlocks ?? DEFAULT_OWN_COINS_SCAN_BLOCKS;
    // Events before tracking starts are ignored: the start-up scan covers them.
    this.unsubscribe = [
      this.chain.events.on('blockConnected', ({ entry, block }) => this.tracking && this.connect(entry, block)),
      this.chain.events.on('blockDisconnected', ({ entry, block }) => this.tracking && this.disconnect(entry, block)),
    ];
    if (this.mempool) {
      this.unsubscribe.push(
        this.mempool.events.on('txAccepted', ({ tx, txid }) => this.tracking && this.addUnconfirmed(tx, txid)),
        this.mempool.events.on('txRemoved', ({ txid }) => this.unconfirmed.delete(txid.toKey())),
      );
    }
  }

  /**
   * Coins a transaction entering the mempool now may spend, preferred first: confirmed coins
   * oldest first (mature coinbases: spend height − coin height ≥ 100, as Core's
   * CheckTxInputs), then change of mempool transactions.
   */
  async spendable(limit = Number.POSITIVE_INFINITY): Promise<OwnCoin[]> {
    await this.start();
    const spendHeight = this.chain.height + 1;
    const coins: OwnCoin[] = [];
    for (const coin of this.confirmed.values()) {
      if (coins.length >= limit) return coins;
      if (coin.coinbase && spendHeight - coin.height! < COINBASE_MATURITY) continue;
      if (!this.mempool?.spenderOf(coin.outpoint)) coins.push(coin);
    }
    for (const outputs of this.unconfirmed.values()) {
      for (const coin of outputs) {
        if (coins.length >= limit) return coins;
        if (!this.mempool?.spenderOf(coin.outpoint)) coins.push(coin);
      }
    }
    return coins;
  }

  /** Stops following the chain and mempool. */
  close(): void {
    for (const off of this.unsubscribe) off();
  }

  private start(): Promise<void> {
    this.starting ??= this.scan();
    return this.starting;
  }

  /** Reads the window's blocks; if the tip moved meanwhile (events were ignored), reads again. */
  private async scan(): Promise<void> {
    for (;;) {
      const tip = this.chain.tip;
      const entries: ChainEntry[] = [];
      for (let e: ChainEntry | undefined = tip; e && e.height > 0 && entries.length < this.scanBlocks; e = e.prev) entries.unshift(e);
      const blocks = await Promise.all(entries.map((e) => this.chain.getBlock(e.hash)));
      if (this.chain.tip !== tip) continue;
      // From here on synchronous: no event can slip between the scan and tracking.
      entries.forEach((entry, k) => this.connect(entry, blocks[k]!));
      for (const { tx, txid } of this.mempool?.entries() ?? []) this.addUnconfirmed(tx, txid);
      this.tracking = true;
      return;
    }
  }

  private connect(entry: ChainEntry, block: Block): void {
    block.transactions.forEach((tx, k) => {
      if (k > 0) {
        for (const { prevout } of tx.inputs) {
          const key = outpointKey(prevout);
          const coin = this.confirmed.get(key);
          if (!coin) continue;
          this.confirmed.delete(key);
          this.spent.set(key, { coin, height: entry.height });
        }
      }
      const id = txidOf(tx);
      tx.outputs.forEach((output, index) => {
        if (!output.scriptPubKey.equals(this.payoutScript)) return;
        const outpoint = { txid: id, index };
        this.confirmed.set(outpointKey(outpoint), { outpoint, value: output.value, coinbase: k === 0, height: entry.height });
      });
    });
    this.prune(entry.height);
  }

  /** Undoes connect(): the block's outputs are forgotten, the coins it spent come back. */
  private disconnect(entry: ChainEntry, block: Block): void {
    for (let k = block.transactions.length - 1; k >= 0; k--) {
      const tx = block.transactions[k];
      const id = txidOf(tx);
      tx.outputs.forEach((_, index) => {
        const key = outpointKey({ txid: id, index });
        this.confirmed.delete(key);
        this.spent.delete(key);
      });
      if (k === 0) continue;
      for (const { prevout } of tx.inputs) {
        const key = outpointKey(prevout);
        const spent = this.spent.get(key);
        if (spent?.height !== entry.height) continue;
        this.spent.delete(key);
        this.confirmed.set(key, spent.coin);
      }
    }
  }

  private addUnconfirmed(tx: Transaction, txid: Hash256): void {
    const coins: OwnCoin[] = [];
    tx.outputs.forEach((output, index) => {
      if (output.scriptPubKey.equals(this.payoutScript)) coins.push({ outpoint: { txid, index }, value: output.value, coinbase: false, height: undefined });
    });
    if (coins.length > 0) this.unconfirmed.set(txid.toKey(), coins);
  }

  /** Forgets spends deeper than the scan window and the oldest coins beyond MAX_TRACKED_COINS. */
  private prune(height: number): void {
    for (const [key, { height: spentAt }] of this.spent) {
      // Insertion order is spend order, so the first recent spend ends the sweep.
      if (spentAt > height - this.scanBlocks) break;
      this.spent.delete(key);
    }
    for (const key of this.confirmed.keys()) {
      if (this.confirmed.size <= MAX_TRACKED_COINS) break;
      this.confirmed.delete(key);
    }
  }
}

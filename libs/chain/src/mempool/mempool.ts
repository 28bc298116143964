import { decodeTransaction, transactionLength, txid as txidOf, type Hash256, type OutPoint, type Transaction } from '@mbc/wire';

import type { Chain } from '../chain/chain';
import { isCoinbase } from '../consensus/coinbase';
import { checkTransaction } from '../consensus/check-transaction';
import { ConfirmationLookups } from './confirmation-lookups';
import { outpointKey } from '../util/outpoint-key';
import { TypedEmitter } from '../util/typed-emitter';
import { MempoolRejectReason, MempoolRemovalReason, rejection, type AcceptResult } from './reject';

/** Largest transaction accepted (Core's MAX_STANDARD_TX_WEIGHT 400,000 = 100,000 bytes without witness discount). */
export const MAX_MEMPOOL_TX_BYTES = 100_000;
export const DEFAULT_MEMPOOL_MAX_COUNT = 50_000;
export const DEFAULT_MEMPOOL_MAX_BYTES = 64 * 1024 * 1024;

export interface MempoolOptions {
  readonly chain: Chain;
  /** Most transactions kept; the oldest are evicted beyond it. */
  readonly maxCount?: number;
  /** Most serialized bytes kept; the oldest are evicted beyond it. */
  readonly maxBytes?: number;
}

export interface MempoolEntry {
  readonly tx: Transaction;
  readonly txid: Hash256;
  /** Serialized size with witness. */
  readonly size: number;
  /** Unix milliseconds when accepted. */
  readonly acceptedAt: number;
}

export interface MempoolEvents {
  txAccepted: { tx: Transaction; txid: Hash256 };
  txRemoved: { txid: Hash256; reason: MempoolRemovalReason };
}

/** Attempts to read the chain's txid index without a block connecting in between. */
const MAX_CONFIRMATION_LOOKUPS = 5;

/**
 * Unconfirmed transactions, bounded by count and bytes, oldest evicted first (insertion order of
 * the Map is age order). Without a UTXO set the policy is: well-formed, not coinbase, not known,
 * no outpoint spent twice in the pool. Follows the chain: confirmed and conflicting transactions
 * leave, transactions of disconnected blocks come back.
 */
export class Mempool {
  readonly events = new TypedEmitter<MempoolEvents>();
  readonly maxCount: number;
  readonly maxBytes: number;

  private readonly chain: Chain;
  private readonly lookups: ConfirmationLookups;
  private readonly pool = new Map<string, MempoolEntry>();
  /** Outpoint ("txid:index") → key of the mempool transaction spending it. */
  private readonly spends = new Map<string, string>();
  private totalBytes = 0;
  private readonly unsubscribe: (() => void)[];

  constructor(options: MempoolOptions) {
    this.chain = options.chain;
    this.lookups = new ConfirmationLookups(options.chain);
    this.maxCount = options.maxCount ?? DEFAULT_MEMPOOL_MAX_COUNT;
    this.maxBytes = options.maxBytes ?? DEFAULT_MEMPOOL_MAX_BYTES;
    this.unsubscribe = [
      this.chain.events.on('blockConnected', ({ block }) => this.removeForBlock(block.transactions)),
      this.chain.events.on('blockDisconnected', ({ block }) => this.restoreFromBlock(block.transactions)),
    ];
  }

  get size(): number {
    return this.pool.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  has(txid: Hash256): boolean {
    return this.pool.has(txid.toKey());
  }

  get(txid: Hash256): Transaction | undefined {
    return this.pool.get(txid.toKey())?.tx;
  }

  /** The mempool transaction spending `outpoint`, if any. */
  spenderOf(outpoint: OutPoint): Hash256 | undefined {
    const key = this.spends.get(outpointKey(outpoint));
    return key === undefined ? undefined : this.pool.get(key)!.txid;
  }

  /** Entries oldest first. */
  entries(): MempoolEntry[] {
    return [...this.pool.values()];
  }

  /** Decodes and accepts raw transaction bytes. */
  async acceptRaw(raw: Buffer): Promise<AcceptResult> {
    if (raw.length > MAX_MEMPOOL_TX_BYTES) {
      return rejection(MempoolRejectReason.TooLarge, `${raw.length} bytes exceeds ${MAX_MEMPOOL_TX_BYTES}`);
    }
    let tx: Transaction;
    try {
      tx = decodeTransaction(raw);
    } catch (error) {
      return rejection(MempoolRejectReason.Malformed, error instanceof Error ? error.message : String(error));
    }
    return this.accept(tx);
  }

  /** Validates and adds a transaction (async: it consults the chain's txid index). */
  async accept(tx: Transaction): Promise<AcceptResult> {
    const checked = this.precheck(tx);
    if (!checked.ok) return checked.result;
    const { txid, size } = checked;
    for (let attempt = 0; ; attempt++) {
      const tipBefore = this.chain.tip;
      if (await this.lookups.isConfirmed(txid)) {
        return rejection(MempoolRejectReason.AlreadyConfirmed, 'transaction is confirmed on the active chain', txid);
      }
      // A block connected during the lookup may have confirmed it: look again.
      if (this.chain.tip === tipBefore || attempt >= MAX_CONFIRMATION_LOOKUPS) break;
    }
    return this.insert(tx, txid, size);
  }

  /** Stops following the chain. */
  close(): void {
    for (const off of this.unsubscribe) off();
  }

  private precheck(tx: Transaction): { ok: true; txid: Hash256; size: number } | { ok: false; result: AcceptResult } {
    // Serialized size computed, not encoded: this runs for every relayed transaction.
    const size = transactionLength(tx);
    const txid = txidOf(tx);
    const fail = (reason: MempoolRejectReason, message: string) => ({ ok: false as const, result: rejection(reason, message, txid) });
    if (size > MAX_MEMPOOL_TX_BYTES) return fail(MempoolRejectReason.TooLarge, `${size} bytes exceeds ${MAX_MEMPOOL_TX_BYTES}`);
    if (tx.inputs.length === 0) return fail(MempoolRejectReason.InputsEmpty, 'transaction has no inputs');
    if (tx.outputs.length === 0) return fail(MempoolRejectReason.OutputsEmpty, 'transaction has no outputs');
    if (isCoinbase(tx)) return fail(MempoolRejectReason.Coinbase, 'a coinbase is only valid in a block');
    const invalid = checkTransaction(tx);
    if (invalid) return fail(MempoolRejectReason.Invalid, `${invalid.code}: ${invalid.detail}`);
    if (size > this.maxBytes) return fail(MempoolRejectReason.MempoolFull, `${size} bytes exceeds the mempool's ${this.maxBytes}`);
    if (this.pool.has(txid.toKey())) return fail(MempoolRejectReason.AlreadyInMempool, 'transaction is already in the mempool');
    return { ok: true, txid, size };
  }

  /** The synchronous tail of acceptance: duplicate and conflict checks, then insertion with eviction. */
  private insert(tx: Transaction, txid: Hash256, size: number): AcceptResult {
    const key = txid.toKey();
    if (this.pool.has(key)) return rejection(MempoolRejectReason.AlreadyInMempool, 'transaction is already in the mempool', txid);
    for (const input of tx.inputs) {
      const spender = this.spends.get(outpointKey(input.prevout));
      if (spender) return rejection(MempoolRejectReason.Conflict, `outpoint already spent by mempool transaction ${this.pool.get(spender)!.txid.toHex()}`, txid);
    }
    while (this.pool.size > 0 && (this.pool.size + 1 > this.maxCount || this.totalBytes + size > this.maxBytes)) {
      const oldest = this.pool.keys().next().value as string;
      this.removeWithDescendants(oldest, MempoolRemovalReason.Evicted);
    }
    this.pool.set(key, { tx, txid, size, acceptedAt: Date.now() });
    for (const input of tx.inputs) this.spends.set(outpointKey(input.prevout), key);
    this.totalBytes += size;
    this.events.emit('txAccepted', { tx, txid });
    return { ok: true, txid };
  }

  private remove(key: string, reason: MempoolRemovalReason): void {
    const entry = this.pool.get(key);
    if (!entry) return;
    this.pool.delete(key);
    for (const input of entry.tx.inputs) this.spends.delete(outpointKey(input.prevout));
    this.totalBytes -= entry.size;
    this.events.emit('txRemoved', { txid: entry.txid, reason });
  }

  /**
   * Removes a transaction and every mempool transaction spending its outputs, recursively (Core's
   * removeRecursive): a child left without its parent could never be mined, and a block holding
   * it would be invalid to every real Bitcoin node.
   */
  private removeWithDescendants(key: string, reason: MempoolRemovalReason): void {
    const stack = [key];
    while (stack.length > 0) {
      const entry = this.pool.get(stack.pop()!);
      if (!entry) continue;
      for (let index = 0; index < entry.tx.outputs.length; index++) {
        const child = this.spends.get(outpointKey({ txid: entry.txid, index }));
        if (child) stack.push(child);
      }
      this.remove(entry.txid.toKey(), reason);
    }
  }

  private removeForBlock(txs: readonly Transaction[]): void {
    if (this.pool.size === 0) return;
    for (const tx of txs) {
      this.remove(txidOf(tx).toKey(), MempoolRemovalReason.Confirmed);
      if (isCoinbase(tx)) continue;
      for (const input of tx.inputs) {
        const spender = this.spends.get(outpointKey(input.prevout));
        if (spender) this.removeWithDescendants(spender, MempoolRemovalReason.Conflict);
      }
    }
  }

  /** Transactions of a disconnected block come back (they are known unconfirmed: no index lookup). */
  private restoreFromBlock(txs: readonly Transaction[]): void {
    for (const tx of txs) {
      if (isCoinbase(tx)) continue;
      const checked = this.precheck(tx);
      if (checked.ok) this.insert(tx, checked.txid, checked.size);
    }
  }
}

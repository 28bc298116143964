import { RejectCode, type Hash256 } from '@mbc/wire';

/** Why the mempool refused a transaction; values are Bitcoin Core's reject reasons. */
export enum MempoolRejectReason {
  /** The bytes don't decode as a transaction. */
  Malformed = 'malformed',
  /** Larger than MAX_MEMPOOL_TX_BYTES (Core: "tx-size", nonstandard). */
  TooLarge = 'tx-size',
  /** A coinbase outside a block (Core: "coinbase"). */
  Coinbase = 'coinbase',
  InputsEmpty = 'bad-txns-vin-empty',
  OutputsEmpty = 'bad-txns-vout-empty',
  /** Another consensus rule of CheckTransaction (negative value, duplicate inputs, …); see message. */
  Invalid = 'bad-txns',
  AlreadyInMempool = 'txn-already-in-mempool',
  /** Confirmed on the active chain (Core: "txn-already-known"). */
  AlreadyConfirmed = 'txn-already-known',
  /** Spends an outpoint another mempool transaction spends. */
  Conflict = 'txn-mempool-conflict',
  /** Bigger than the whole mempool's byte budget (Core: "mempool full"). */
  MempoolFull = 'mempool-full',
}

/** BIP61 code sent in a `reject` message for each reason (as Core's TxValidationResult mapping did). */
export const MEMPOOL_REJECT_CODES: Readonly<Record<MempoolRejectReason, RejectCode>> = {
  [MempoolRejectReason.Malformed]: RejectCode.Malformed,
  [MempoolRejectReason.TooLarge]: RejectCode.Nonstandard,
  [MempoolRejectReason.Coinbase]: RejectCode.Invalid,
  [MempoolRejectReason.InputsEmpty]: RejectCode.Invalid,
  [MempoolRejectReason.OutputsEmpty]: RejectCode.Invalid,
  [MempoolRejectReason.Invalid]: RejectCode.Invalid,
  [MempoolRejectReason.AlreadyInMempool]: RejectCode.Duplicate,
  [MempoolRejectReason.AlreadyConfirmed]: RejectCode.Duplicate,
  [MempoolRejectReason.Conflict]: RejectCode.Duplicate,
  [MempoolRejectReason.MempoolFull]: RejectCode.InsufficientFee,
};

export type AcceptResult =
  | { readonly ok: true; readonly txid: Hash256 }
  | { readonly ok: false; readonly txid?: Hash256; readonly reason: MempoolRejectReason; readonly rejectCode: RejectCode; readonly message: string };

export function rejection(reason: MempoolRejectReason, message: string, txid?: Hash256): AcceptResult {
  return { ok: false, txid, reason, rejectCode: MEMPOOL_REJECT_CODES[reason], message };
}

/** Why a transaction left the mempool. */
export enum MempoolRemovalReason {
  /** Included in a connected block. */
  Confirmed = 'confirmed',
  /** A connected block spends one of its outpoints. */
  Conflict = 'conflict',
  /** The oldest transaction made room for a newer one (count or byte bound). */
  Evicted = 'evicted',
}

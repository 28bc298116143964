import { RejectCode } from '@mbc/wire';

/**
 * One stable reason per consensus rule. Values are Bitcoin Core's reject reasons
 * (validation.cpp / tx_check.cpp), so logs and `reject` messages read the same as Core's.
 */
export enum BlockRejectReason {
  /** CheckProofOfWork: hash above the target, or unusable bits (negative, overflow, above pow limit). */
  HighHash = 'high-hash',
  /** ContextualCheckBlockHeader: bits differ from GetNextWorkRequired. */
  BadDiffBits = 'bad-diffbits',
  /** The parent header is unknown. */
  PrevBlockNotFound = 'prev-blk-not-found',
  /** The parent (or an ancestor) was found invalid. */
  BadPrevBlock = 'bad-prevblk',
  /** Time not after the median of the previous 11 blocks. */
  TimeTooOld = 'time-too-old',
  /** Time more than 2 hours after our clock (MAX_FUTURE_BLOCK_TIME). */
  TimeTooNew = 'time-too-new',
  /** Version below what BIP34/66/65 require at this height. */
  BadVersion = 'bad-version',
  BadMerkleRoot = 'bad-txnmrklroot',
  /** Duplicate txids in one block (CVE-2012-2459 mutated merkle trees). */
  DuplicateTransaction = 'bad-txns-duplicate',
  /** The block's size or weight limit, or no transactions at all. */
  BadBlockLength = 'bad-blk-length',
  BadBlockWeight = 'bad-blk-weight',
  CoinbaseMissing = 'bad-cb-missing',
  CoinbaseMultiple = 'bad-cb-multiple',
  /** Coinbase scriptSig outside 2..100 bytes. */
  CoinbaseLength = 'bad-cb-length',
  /** Coinbase scriptSig does not start with the BIP34 height push. */
  CoinbaseHeight = 'bad-cb-height',
  /** Coinbase pays more than the subsidy (no fees: there is no UTXO set). */
  CoinbaseAmount = 'bad-cb-amount',
  InputsEmpty = 'bad-txns-vin-empty',
  OutputsEmpty = 'bad-txns-vout-empty',
  OutputNegative = 'bad-txns-vout-negative',
  OutputTooLarge = 'bad-txns-vout-toolarge',
  OutputTotalTooLarge = 'bad-txns-txouttotal-toolarge',
  InputsDuplicate = 'bad-txns-inputs-duplicate',
  /** A non-coinbase input spends the null outpoint. */
  PrevoutNull = 'bad-txns-prevout-null',
  /** A transaction of the block is already confirmed on the active chain (BIP30's intent). */
  TransactionAlreadyConfirmed = 'bad-txns-BIP30',
  /** The block is not the one the header tree says it is (e.g. checkpoint/duplicate mismatch). */
  Duplicate = 'duplicate',
}

/** A consensus rule failure: `code` names the rule, `detail` says what was seen. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';

  constructor(
    readonly code: BlockRejectReason,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }

  /** BIP61 code for a `reject` message about this block. */
  get rejectCode(): RejectCode {
    return this.code === BlockRejectReason.Duplicate ? RejectCode.Duplicate : RejectCode.Invalid;
  }
}

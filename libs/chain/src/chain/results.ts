import type { Hash256, Transaction } from '@mbc/wire';

import type { BlockRejectReason, ValidationError } from '../consensus/validation-error';
import type { ChainEntry } from './chain-entry';

export interface AddHeadersResult {
  /** Headers new to the tree, in order. */
  readonly added: ChainEntry[];
  /** The entry of the last header processed successfully (new or already known). */
  readonly lastEntry: ChainEntry | undefined;
  /** Set when a header was refused; processing stopped there. */
  readonly error?: ValidationError;
}

/**
 * - connected: the block is on the active chain.
 * - stored: valid and stored, but not on the active chain (side branch, or a gap below it).
 * - duplicate: we already had this block.
 * - orphan: its parent header is unknown (nothing stored; ask for headers).
 * - invalid: it broke the rule named by `reason`.
 */
export type SubmitBlockStatus = 'connected' | 'stored' | 'duplicate' | 'orphan' | 'invalid';

export interface SubmitBlockResult {
  readonly status: SubmitBlockStatus;
  readonly hash: Hash256;
  readonly entry?: ChainEntry;
  readonly reason?: BlockRejectReason;
  readonly message?: string;
}

export interface ConfirmedTransaction {
  readonly tx: Transaction;
  readonly txid: Hash256;
  readonly entry: ChainEntry;
  /** Position in the block (0 = coinbase). */
  readonly index: number;
}

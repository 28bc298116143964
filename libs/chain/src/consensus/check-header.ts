import type { BlockHeader, Hash256 } from '@mbc/wire';

import { medianTimePast, type ChainEntry } from '../chain/chain-entry';
import type { NetworkParams } from '../params/network-params';
import { nextWorkRequired } from '../pow/next-work';
import type { PowFailure, ProofOfWork } from '../pow/proof-of-work';
import { BlockRejectReason, ValidationError } from './validation-error';

/** MAX_FUTURE_BLOCK_TIME (chain.h): a header may be at most 2 hours ahead of our clock. */
export const MAX_FUTURE_BLOCK_TIME_SEC = 2 * 60 * 60;

export interface HeaderContext {
  readonly params: NetworkParams;
  readonly pow: ProofOfWork;
  /** Current time, Unix seconds. */
  readonly nowSec: number;
}

/**
 * CheckBlockHeader + ContextualCheckBlockHeader for a header whose parent is `prev`.
 * Returns the block's work when valid.
 */
export function checkHeader(
  header: BlockHeader,
  hash: Hash256,
  prev: ChainEntry,
  ctx: HeaderContext,
): { ok: true; work: bigint } | { ok: false; error: ValidationError } {
  const pow = ctx.pow.check(hash.internal, header.bits);
  if (!pow.ok) return { ok: false, error: proofOfWorkError(pow.error) };
  const error = contextualCheckHeader(header, prev, ctx);
  return error ? { ok: false, error } : pow;
}

export function proofOfWorkError(failure: PowFailure): ValidationError {
  return new ValidationError(BlockRejectReason.HighHash, `proof of work failed (${failure})`);
}

/**
 * ContextualCheckBlockHeader: bits, time and version against the parent and our clock. Runs for
 * every header synced, so it allocates nothing unless it fails.
 */
export function contextualCheckHeader(header: BlockHeader, prev: ChainEntry, ctx: HeaderContext): ValidationError | undefined {
  const required = nextWorkRequired(prev, ctx.params);
  if (header.bits !== required) {
    return new ValidationError(BlockRejectReason.BadDiffBits, `bits 0x${hex32(header.bits)}, required 0x${hex32(required)}`);
  }
  const median = medianTimePast(prev);
  if (header.time <= median) return new ValidationError(BlockRejectReason.TimeTooOld, `time ${header.time} ≤ median time past ${median}`);
  if (header.time > ctx.nowSec + MAX_FUTURE_BLOCK_TIME_SEC) {
    return new ValidationError(BlockRejectReason.TimeTooNew, `time ${header.time} is more than 2 h after ${ctx.nowSec}`);
  }
  const minVersion = minimumVersion(prev.height + 1, ctx.params);
  if (header.version < minVersion) {
    return new ValidationError(BlockRejectReason.BadVersion, `version 0x${hex32(header.version)} < ${minVersion} at height ${prev.height + 1}`);
  }
  return undefined;
}

/** Versions 1, 2 and 3 become obsolete as BIP34, BIP66 and BIP65 activate (Core's "bad-version"). */
function minimumVersion(height: number, params: NetworkParams): number {
  if (height >= params.bip65Height) return 4;
  if (height >= params.bip66Height) return 3;
  if (height >= params.bip34Height) return 2;
  return 0;
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

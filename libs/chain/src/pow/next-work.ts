import type { ChainEntry } from '../chain/chain-entry';
import { ancestorAt } from '../chain/chain-entry';
import type { NetworkParams } from '../params/network-params';
import { decodeCompact, encodeCompact } from './compact';

/**
 * GetNextWorkRequired (pow.cpp) without testnet's minimum-difficulty exception: with
 * fPowNoRetargeting the parent's bits; otherwise the parent's bits except every
 * `timespan / spacing` blocks, where the target scales by the window's actual duration
 * clamped to [timespan / 4, timespan · 4] and capped at the pow limit.
 */
export function nextWorkRequired(prev: ChainEntry, params: NetworkParams): number {
  if (params.noRetargeting) return prev.header.bits;
  const interval = params.powTargetTimespanSec / params.targetSpacingSec;
  if ((prev.height + 1) % interval !== 0) return prev.header.bits;
  const first = ancestorAt(prev, prev.height - (interval - 1));
  if (!first) return prev.header.bits;
  const timespan = params.powTargetTimespanSec;
  const actual = Math.min(Math.max(prev.header.time - first.header.time, timespan / 4), timespan * 4);
  const decoded = decodeCompact(prev.header.bits);
  if (!decoded.ok) return params.powLimitBits;
  let target = (decoded.target * BigInt(actual)) / BigInt(timespan);
  if (target > params.powLimit) target = params.powLimit;
  return encodeCompact(target);
}

import { decodeCompact, workForTarget, type Chain } from '@mbc/chain';
import type { BlockHeader, Hash256 } from '@mbc/wire';

import { MAX_UNREQUESTED_BLOCK_LEAD } from '../constants';

/** What to do with a block nobody asked for. */
export enum UnrequestedBlockVerdict {
  Process = 'process',
  /** Already stored, less work than our tip, or too far ahead: dropped quietly, as Core does. */
  Ignore = 'ignore',
  /** Its parent is unknown (Core's BLOCK_MISSING_PREV). */
  Unconnecting = 'unconnecting',
}

/**
 * Core's AcceptBlock for a block that was not requested (fRequested false): it is only worth
 * storing if it would make a chain with at least as much work as our tip and is not more than
 * MIN_BLOCKS_TO_KEEP ahead of it. Anything else could be a peer filling our disk with cheap
 * side branches (regtest proof of work costs nothing), so it is ignored without penalty.
 */
export function judgeUnrequestedBlock(chain: Chain, header: BlockHeader, hash: Hash256): UnrequestedBlockVerdict {
  const known = chain.getEntry(hash);
  if (known?.hasBlock) return UnrequestedBlockVerdict.Ignore;
  const prev = chain.getEntry(header.prevBlock);
  if (!prev) return UnrequestedBlockVerdict.Unconnecting;
  const work = known ? known.chainWork : prev.chainWork + headerWork(header.bits);
  if (work < chain.tip.chainWork) return UnrequestedBlockVerdict.Ignore;
  if (prev.height + 1 > chain.tip.height + MAX_UNREQUESTED_BLOCK_LEAD) return UnrequestedBlockVerdict.Ignore;
  return UnrequestedBlockVerdict.Process;
}

/** Work a header claims; 0 for undecodable bits (validation then rejects the block). */
function headerWork(bits: number): bigint {
  const decoded = decodeCompact(bits);
  return decoded.ok ? workForTarget(decoded.target) : 0n;
}

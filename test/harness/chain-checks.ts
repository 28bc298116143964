import { ApiCallError, ChainSummary, getChain, getHeaders } from './node-api';
import type { NodeHandle } from './node-process';

/** Thrown when a node's active chain is not one linked sequence from genesis to its tip. */
export class InconsistentChainError extends Error {
  override readonly name = 'InconsistentChainError';
}

const MAX_WALK_ATTEMPTS = 10;

/** One walk of the active chain from genesis; throws InconsistentChainError or ApiCallError. */
async function walk(node: NodeHandle, summary: ChainSummary): Promise<void> {
  let expectedHeight = 0;
  let previous: string | undefined;
  while (expectedHeight <= summary.height) {
    const page = await getHeaders(node, expectedHeight);
    if (page.length === 0) throw new InconsistentChainError(`${node.name}: no header at height ${expectedHeight} (tip ${summary.height})`);
    for (const header of page) {
      if (header.height > summary.height) break;
      if (header.height !== expectedHeight) throw new InconsistentChainError(`${node.name}: height ${header.height} where ${expectedHeight} was expected`);
      if (previous !== undefined && header.previousHash !== previous) {
        throw new InconsistentChainError(`${node.name}: header ${header.hash} at ${header.height} does not link to ${previous}`);
      }
      previous = header.hash;
      expectedHeight++;
    }
  }
  if (previous !== summary.bestHash) throw new InconsistentChainError(`${node.name}: chain walk ends at ${previous}, bestHash is ${summary.bestHash}`);
}

/**
 * Walks the node's active chain from genesis through GET /v1/headers and checks that heights are
 * contiguous, every header links to the one before, and the walk ends at GET /v1/chain's bestHash.
 * A node that is syncing may reorganise mid-walk (its tip briefly drops to the fork point), so a
 * failed walk only counts when the tip did not move while it ran; otherwise it is repeated.
 */
export async function checkActiveChain(node: NodeHandle): Promise<ChainSummary> {
  for (let attempt = 1; ; attempt++) {
    const before = await getChain(node);
    let failure: unknown;
    try {
      await walk(node, before);
    } catch (err) {
      if (!(err instanceof InconsistentChainError || (err instanceof ApiCallError && err.status === 404))) throw err;
      failure = err;
    }
    const after = await getChain(node);
    if (after.bestHash === before.bestHash) {
      if (failure) throw failure;
      return before;
    }
    if (attempt >= MAX_WALK_ATTEMPTS) throw new InconsistentChainError(`${node.name}: tip kept moving during ${attempt} chain walks`);
  }
}

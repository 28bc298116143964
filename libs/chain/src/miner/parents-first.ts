import { txid, type Transaction } from '@mbc/wire';

const WAITING = 0;
const CHOSEN = 1;
const DROPPED = 2;

/**
 * Picks transactions for a block so that each comes after every candidate it spends (a block
 * spending an output created later in it is invalid: Core's "bad-txns-inputs-missingorspent").
 * Candidates are taken in priority order, a child as soon as its last in-list parent is chosen;
 * `fits` decides each ready transaction, and a transaction whose parent was left out is left out
 * too. The mempool's age order is not enough: a reorg puts a parent back behind its children.
 */
export function selectParentsFirst(candidates: readonly Transaction[], fits: (tx: Transaction) => boolean): Transaction[] {
  const count = candidates.length;
  const position = new Map<string, number>();
  candidates.forEach((tx, k) => position.set(txid(tx).toKey(), k));
  const children: number[][] = [];
  const missingParents = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const parents = new Set<number>();
    for (const input of candidates[k].inputs) {
      const parent = position.get(input.prevout.txid.toKey());
      if (parent !== undefined && parent !== k) parents.add(parent);
    }
    for (const parent of parents) (children[parent] ??= []).push(k);
    missingParents[k] = parents.size;
  }

  const state = new Uint8Array(count);
  const chosen: Transaction[] = [];
  // Iterative (a mempool chain may be thousands long): settle one transaction, then its children.
  const settle = (root: number) => {
    const stack = [root];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (state[k] !== WAITING) continue;
      if (missingParents[k] === 0 && fits(candidates[k])) {
        state[k] = CHOSEN;
        chosen.push(candidates[k]);
      } else {
        state[k] = DROPPED;
      }
      const next = children[k] ?? [];
      for (let c = next.length - 1; c >= 0; c--) {
        const child = next[c];
        // A dropped parent drops the child (pushed with its count still non-zero).
        if (state[k] === CHOSEN && --missingParents[child] > 0) continue;
        stack.push(child);
      }
    }
  };
  for (let k = 0; k < count; k++) if (state[k] === WAITING && missingParents[k] === 0) settle(k);
  return chosen;
}

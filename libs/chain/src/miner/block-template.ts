import { randomBytes } from 'node:crypto';

import { Hash256, hasWitness, transactionLength, txid, type Block, type Transaction, type TxOut } from '@mbc/wire';

import { medianTimePast, type ChainEntry } from '../chain/chain-entry';
import { blockSubsidy } from '../consensus/amounts';
import { MAX_BLOCK_WEIGHT } from '../consensus/check-block';
import { NULL_INDEX } from '../consensus/coinbase';
import { merkleRoot } from '../consensus/merkle';
import type { NetworkParams } from '../params/network-params';
import { nextWorkRequired } from '../pow/next-work';
import { pushData, pushNumber } from '../script/script-builder';
import { selectParentsFirst } from './parents-first';
import { WITNESS_RESERVED_VALUE, witnessCommitmentScript } from './witness-commitment';

/** BIP9 "top bits" version Core's miner uses (VERSIONBITS_TOP_BITS) with no deployment signalled. */
export const BLOCK_VERSION = 0x20000000;
/** Core's DEFAULT_BLOCK_MAX_WEIGHT leaves 4,000 weight units below the consensus limit for the coinbase. */
export const DEFAULT_TEMPLATE_MAX_WEIGHT = MAX_BLOCK_WEIGHT - 4000;
const EXTRA_NONCE_BYTES = 4;

export interface TemplateInput {
  readonly params: NetworkParams;
  readonly prev: ChainEntry;
  /** Candidate transactions in priority order (the mempool's, oldest first). */
  readonly candidates: readonly Transaction[];
  readonly payoutScript: Buffer;
  /** Unix seconds. */
  readonly nowSec: number;
  readonly maxWeight?: number;
}

/**
 * An unsolved block on top of `prev` (Core's BlockAssembler::CreateNewBlock): version
 * 0x20000000, time max(median time past + 1, now), required bits, a BIP34 coinbase
 * (`<height> <extra nonce>`, 2..100 bytes) paying the subsidy, then as many candidates as fit,
 * parents before children.
 */
export function createBlockTemplate(input: TemplateInput): Block {
  const height = input.prev.height + 1;
  const maxWeight = input.maxWeight ?? DEFAULT_TEMPLATE_MAX_WEIGHT;
  let weight = 0;
  const chosen = selectParentsFirst(input.candidates, (tx) => {
    const txWeight = transactionLength(tx, false) * 3 + transactionLength(tx, true);
    if (weight + txWeight > maxWeight) return false;
    weight += txWeight;
    return true;
  });
  const withWitness = chosen.some(hasWitness);
  const outputs: TxOut[] = [{ value: blockSubsidy(height, input.params), scriptPubKey: input.payoutScript }];
  const coinbase: Transaction = {
    version: 2,
    inputs: [
      {
        prevout: { txid: Hash256.ZERO, index: NULL_INDEX },
        // The random extra nonce keeps coinbases (and so blocks) of competing miners distinct.
        scriptSig: Buffer.concat([pushNumber(height), pushData(randomBytes(EXTRA_NONCE_BYTES))]),
        sequence: 0xffffffff,
        witness: withWitness ? [WITNESS_RESERVED_VALUE] : [],
      },
    ],
    outputs,
    lockTime: 0,
  };
  const transactions = [coinbase, ...chosen];
  if (withWitness) outputs.push({ value: 0n, scriptPubKey: witnessCommitmentScript(transactions) });
  return {
    header: {
      version: BLOCK_VERSION,
      prevBlock: input.prev.hash,
      merkleRoot: merkleRoot(transactions.map(txid)),
      time: Math.max(medianTimePast(input.prev) + 1, input.nowSec),
      bits: nextWorkRequired(input.prev, input.params),
      nonce: 0,
    },
    transactions,
  };
}

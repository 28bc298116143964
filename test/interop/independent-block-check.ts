// Consensus checks of the blocks our node serves, written against bitcoinjs-lib (bitcoinjs's
// parser, PoW and merkle code, not our libs/wire or libs/chain), for the rules bcoin's regtest
// leaves unchecked: bcoin 1.0.2 sets regtest bip34height to 100,000,000, so it never looks at the
// coinbase height, while Bitcoin Core's regtest enforces BIP34 from height 1.
import { Block, script } from 'bitcoinjs-lib';

import type { NodeHandle } from '../harness';

/** Regtest: 50 BTC, halved every 150 blocks (Core's regtest nSubsidyHalvingInterval). */
const INITIAL_SUBSIDY_SAT = 50n * 100_000_000n;
const REGTEST_HALVING_INTERVAL = 150;

export interface BlockProblem {
  readonly height: number;
  readonly problem: string;
}

/** BIP34: the coinbase scriptSig starts with the height pushed as Core's `CScript() << nHeight` does. */
function bip34Prefix(height: number): Uint8Array {
  return script.compile([script.number.encode(height)]);
}

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  return data.length >= prefix.length && prefix.every((byte, i) => data[i] === byte);
}

/** Checks one raw block (hex, as GET /v1/blocks/:height?format=hex serves it) at `height`. */
export function checkRawBlock(hex: string, height: number, expectedHash: string): string[] {
  const problems: string[] = [];
  const block = Block.fromHex(hex);
  if (block.getId() !== expectedHash) problems.push(`hash ${block.getId()} ≠ ${expectedHash}`);
  if (!block.checkProofOfWork()) problems.push('proof of work above target');
  if (!block.checkTxRoots()) problems.push('merkle root (or witness commitment) does not match the transactions');
  const coinbase = block.transactions?.[0];
  if (!coinbase?.isCoinbase()) return [...problems, 'first transaction is not a coinbase'];
  const scriptSig = coinbase.ins[0].script;
  if (scriptSig.length < 2 || scriptSig.length > 100) problems.push(`coinbase scriptSig is ${scriptSig.length} bytes (bad-cb-length)`);
  if (!startsWith(scriptSig, bip34Prefix(height))) {
    problems.push(`coinbase scriptSig ${Buffer.from(scriptSig).toString('hex')} does not start with BIP34 height ${Buffer.from(bip34Prefix(height)).toString('hex')}`);
  }
  const paid = coinbase.outs.reduce((sum, out) => sum + BigInt(out.value), 0n);
  const subsidy = INITIAL_SUBSIDY_SAT >> BigInt(Math.floor(height / REGTEST_HALVING_INTERVAL));
  if (block.transactions!.length === 1 && paid > subsidy) problems.push(`coinbase pays ${paid} sat > subsidy ${subsidy} (bad-cb-amount)`);
  return problems;
}

/** Fetches heights 1..tip from the node over REST and checks each; returns every problem found. */
export async function checkServedBlocks(node: NodeHandle, fromHeight: number, toHeight: number): Promise<BlockProblem[]> {
  const problems: BlockProblem[] = [];
  for (let height = fromHeight; height <= toHeight; height++) {
    const json = await node.rest<{ header: { hash: string } }>(`/v1/blocks/${height}`);
    const raw = await node.rest(`/v1/blocks/${height}?format=hex`);
    if (json.status !== 200 || raw.status !== 200) {
      problems.push({ height, problem: `GET /v1/blocks/${height} → HTTP ${json.status}/${raw.status}` });
      continue;
    }
    for (const problem of checkRawBlock(raw.text.trim(), height, json.body.header.hash)) problems.push({ height, problem });
  }
  return problems;
}

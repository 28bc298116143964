import { BLOCK_HEADER_BYTES, encodeBlockHeader, hash256, type BlockHeader } from '@mbc/wire';

import type { ProofOfWork } from '../pow/proof-of-work';

/** Nonces tried before yielding to the event loop (regtest needs ~2 on average). */
const NONCES_PER_SLICE = 50_000;
const NONCE_OFFSET = BLOCK_HEADER_BYTES - 4;

/**
 * Searches nonces until the header meets its target, yielding to the event loop between slices so
 * mining never stalls networking. When all 2^32 nonces fail the time is bumped, as Core's miner
 * would refresh the template. Returns undefined if `shouldStop` says so between slices.
 */
export async function solveHeader(header: BlockHeader, pow: ProofOfWork, shouldStop: () => boolean = () => false): Promise<BlockHeader | undefined> {
  let time = header.time;
  for (;;) {
    const bytes = encodeBlockHeader({ ...header, time });
    for (let start = 0; start <= 0xffffffff; start += NONCES_PER_SLICE) {
      const end = Math.min(start + NONCES_PER_SLICE, 0x100000000);
      for (let nonce = start; nonce < end; nonce++) {
        bytes.writeUInt32LE(nonce, NONCE_OFFSET);
        if (pow.check(hash256(bytes), header.bits).ok) return { ...header, time, nonce };
      }
      await new Promise((resolve) => setImmediate(resolve));
      if (shouldStop()) return undefined;
    }
    time++;
  }
}

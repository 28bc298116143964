import { CompactTargetError, decodeCompact, workForTarget } from './compact';

/** A usable compact target, with its big-endian 32-byte form for fast hash comparisons. */
interface CachedTarget {
  readonly target: bigint;
  readonly targetBytesBE: Buffer;
  readonly work: bigint;
}

export type PowCheck = { ok: true; work: bigint } | { ok: false; error: CompactTargetError | 'above-pow-limit' | 'high-hash' };

/**
 * Proof-of-work checks with per-bits caching: a chain uses very few distinct bits values, so the
 * bigint decoding and work division run once per value, not once per header.
 */
export class ProofOfWork {
  private readonly cache = new Map<number, CachedTarget | CompactTargetError | 'above-pow-limit'>();

  constructor(private readonly powLimit: bigint) {}

  /** CheckProofOfWork: target valid and ≤ pow limit, and hash (little-endian number) ≤ target. */
  check(hashInternal: Buffer, bits: number): PowCheck {
    const cached = this.lookup(bits);
    if (typeof cached === 'string') return { ok: false, error: cached };
    return hashAtMost(hashInternal, cached.targetBytesBE) ? { ok: true, work: cached.work } : { ok: false, error: 'high-hash' };
  }

  /** Work a block with these bits proves (0 for unusable bits). */
  work(bits: number): bigint {
    const cached = this.lookup(bits);
    return typeof cached === 'string' ? 0n : cached.work;
  }

  private lookup(bits: number): CachedTarget | CompactTargetError | 'above-pow-limit' {
    let cached = this.cache.get(bits);
    if (cached === undefined) {
      const decoded = decodeCompact(bits);
      if (!decoded.ok) cached = decoded.error;
      else if (decoded.target > this.powLimit) cached = 'above-pow-limit';
      else {
        const targetBytesBE = Buffer.from(decoded.target.toString(16).padStart(64, '0'), 'hex');
        cached = { target: decoded.target, targetBytesBE, work: workForTarget(decoded.target) };
      }
      if (this.cache.size < 4096) this.cache.set(bits, cached);
    }
    return cached;
  }
}

/** The hash is stored little-endian: compare its last byte with the target's first, and so on. */
function hashAtMost(hashInternal: Buffer, targetBE: Buffer): boolean {
  for (let k = 0; k < 32; k++) {
    const h = hashInternal[31 - k];
    const t = targetBE[k];
    if (h !== t) return h < t;
  }
  return true;
}

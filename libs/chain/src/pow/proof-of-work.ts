import { CompactTargetError, decodeCompact, workForTarget } from './compact';

export type PowFailure = CompactTargetError | 'above-pow-limit' | 'high-hash';
export type PowCheck = { ok: true; work: bigint } | { ok: false; error: PowFailure };

/** A usable compact target, with its big-endian 32-byte form for fast hash comparisons. */
interface CachedTarget {
  readonly target: bigint;
  readonly targetBytesBE: Buffer;
  /** The (immutable) success result, shared so a check allocates nothing. */
  readonly passed: { readonly ok: true; readonly work: bigint };
}

const FAILURES: Readonly<Record<PowFailure, PowCheck>> = Object.freeze({
  [CompactTargetError.Negative]: Object.freeze({ ok: false, error: CompactTargetError.Negative }),
  [CompactTargetError.Overflow]: Object.freeze({ ok: false, error: CompactTargetError.Overflow }),
  [CompactTargetError.Zero]: Object.freeze({ ok: false, error: CompactTargetError.Zero }),
  'above-pow-limit': Object.freeze({ ok: false, error: 'above-pow-limit' }),
  'high-hash': Object.freeze({ ok: false, error: 'high-hash' }),
});

/**
 * Proof-of-work checks with per-bits caching: a chain uses very few distinct bits values, so the
 * bigint decoding and work division run once per value, not once per header, and the results are
 * shared immutable objects (validating a header allocates nothing here).
 */
export class ProofOfWork {
  private readonly cache = new Map<number, CachedTarget | PowFailure>();

  constructor(private readonly powLimit: bigint) {}

  /** CheckProofOfWork: target valid and ≤ pow limit, and hash (little-endian number) ≤ target. */
  check(hashInternal: Buffer, bits: number): PowCheck {
    const cached = this.lookup(bits);
    if (typeof cached === 'string') return FAILURES[cached];
    return hashAtMost(hashInternal, cached.targetBytesBE) ? cached.passed : FAILURES['high-hash'];
  }

  /** check() for a hash given as its hashKey string (32 chars, one per internal byte): the header-sync path. */
  checkHashKey(hashKey: string, bits: number): PowCheck {
    const cached = this.lookup(bits);
    if (typeof cached === 'string') return FAILURES[cached];
    return hashKeyAtMost(hashKey, cached.targetBytesBE) ? cached.passed : FAILURES['high-hash'];
  }

  /** Work a block with these bits proves (0 for unusable bits). */
  work(bits: number): bigint {
    const cached = this.lookup(bits);
    return typeof cached === 'string' ? 0n : cached.passed.work;
  }

  private lookup(bits: number): CachedTarget | PowFailure {
    let cached = this.cache.get(bits);
    if (cached === undefined) {
      const decoded = decodeCompact(bits);
      if (!decoded.ok) cached = decoded.error;
      else if (decoded.target > this.powLimit) cached = 'above-pow-limit';
      else {
        const targetBytesBE = Buffer.from(decoded.target.toString(16).padStart(64, '0'), 'hex');
        cached = { target: decoded.target, targetBytesBE, passed: Object.freeze({ ok: true, work: workForTarget(decoded.target) }) };
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

function hashKeyAtMost(hashKey: string, targetBE: Buffer): boolean {
  for (let k = 0; k < 32; k++) {
    const h = hashKey.charCodeAt(31 - k);
    const t = targetBE[k];
    if (h !== t) return h < t;
  }
  return true;
}

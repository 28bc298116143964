/**
 * Compact ("nBits") targets, as arith_uint256::SetCompact/GetCompact in Bitcoin Core:
 * exponent = bits >>> 24, mantissa = bits & 0x007fffff, target = mantissa · 256^(exponent−3).
 */

/** Why a compact value does not describe a usable target. */
export enum CompactTargetError {
  Negative = 'negative',
  Overflow = 'overflow',
  Zero = 'zero',
}

export type DecodedCompact = { ok: true; target: bigint } | { ok: false; error: CompactTargetError };

export function decodeCompact(bits: number): DecodedCompact {
  const exponent = bits >>> 24;
  const mantissa = bits & 0x007fffff;
  if (mantissa !== 0 && (bits & 0x00800000) !== 0) return { ok: false, error: CompactTargetError.Negative };
  // SetCompact's overflow test: the mantissa shifted by the exponent must fit in 256 bits.
  if (mantissa !== 0 && (exponent > 34 || (mantissa > 0xff && exponent > 33) || (mantissa > 0xffff && exponent > 32))) {
    return { ok: false, error: CompactTargetError.Overflow };
  }
  const target =
    exponent <= 3 ? BigInt(mantissa >>> (8 * (3 - exponent))) : BigInt(mantissa) << BigInt(8 * (exponent - 3));
  if (target === 0n) return { ok: false, error: CompactTargetError.Zero };
  return { ok: true, target };
}

/** GetCompact: the shortest compact encoding of a non-negative target. */
export function encodeCompact(target: bigint): number {
  let size = byteLength(target);
  let mantissa = size <= 3 ? Number(target << BigInt(8 * (3 - size))) : Number(target >> BigInt(8 * (size - 3)));
  // The 0x00800000 bit is the sign: move to a larger exponent rather than set it.
  if (mantissa & 0x00800000) {
    mantissa >>>= 8;
    size++;
  }
  return ((size << 24) | mantissa) >>> 0;
}

function byteLength(n: bigint): number {
  return n === 0n ? 0 : Math.ceil(n.toString(16).length / 2);
}

const TWO_256 = 1n << 256n;

/** GetBlockProof: expected hashes to find a block at this target, 2^256 / (target + 1). */
export function workForTarget(target: bigint): bigint {
  return TWO_256 / (target + 1n);
}

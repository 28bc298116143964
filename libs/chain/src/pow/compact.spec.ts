import { CompactTargetError, decodeCompact, encodeCompact, workForTarget } from './compact';
import { ProofOfWork } from './proof-of-work';
import { REGTEST } from '../params/networks';

describe('compact targets (arith_uint256 SetCompact/GetCompact)', () => {
  it.each([
    [0x207fffff, 0x7fffffn << 232n],
    [0x1d00ffff, 0xffffn << 208n],
    [0x03123456, 0x123456n],
    [0x02123456, 0x1234n],
    [0x01123456, 0x12n],
    [0x04123456, 0x12345600n],
  ])('decodes 0x%s', (bits, target) => {
    expect(decodeCompact(bits)).toEqual({ ok: true, target });
  });

  it.each([
    [0x04923456, CompactTargetError.Negative],
    [0xff123456, CompactTargetError.Overflow],
    [0x22010000, CompactTargetError.Overflow],
    [0x00000000, CompactTargetError.Zero],
    [0x01003456, CompactTargetError.Zero],
  ])('refuses 0x%s', (bits, error) => {
    expect(decodeCompact(bits)).toEqual({ ok: false, error });
  });

  it.each([0x207fffff, 0x1d00ffff, 0x1b0404cb, 0x03123456, 0x05009234])('re-encodes 0x%s to the same bits', (bits) => {
    const decoded = decodeCompact(bits);
    expect(decoded.ok && encodeCompact(decoded.target)).toBe(bits);
  });

  it('work is 2^256 / (target + 1): 2 per regtest block, 0x100010001 per difficulty-1 block', () => {
    expect(workForTarget(0x7fffffn << 232n)).toBe(2n);
    expect(workForTarget(0xffffn << 208n)).toBe(0x100010001n);
  });

  it('ProofOfWork compares the hash as a little-endian number against the target', () => {
    const pow = new ProofOfWork(REGTEST.powLimit);
    const below = Buffer.alloc(32);
    below[31] = 0x7f;
    const above = Buffer.alloc(32);
    above[31] = 0x80;
    expect(pow.check(below, 0x207fffff)).toEqual({ ok: true, work: 2n });
    expect(pow.check(above, 0x207fffff)).toEqual({ ok: false, error: 'high-hash' });
    expect(pow.check(below, 0x2100ffff)).toEqual({ ok: false, error: 'above-pow-limit' });
    // The header-sync path compares the same bytes held as a latin1 map key.
    for (const hash of [below, above]) expect(pow.checkHashKey(hash.toString('latin1'), 0x207fffff)).toBe(pow.check(hash, 0x207fffff));
    const equal = Buffer.alloc(32);
    equal.writeUIntBE(0x7fffff, 0, 3); // the target itself, big-endian
    equal.reverse();
    expect(pow.checkHashKey(equal.toString('latin1'), 0x207fffff).ok).toBe(true);
    equal[0] = 1;
    expect(pow.checkHashKey(equal.toString('latin1'), 0x207fffff).ok).toBe(false);
  });
});

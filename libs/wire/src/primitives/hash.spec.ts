import { BufferReader, Hash256, WireErrorCode, hash256, payloadChecksum } from '@mbc/wire';

const GENESIS_DISPLAY = '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206';
const GENESIS_INTERNAL = '06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f';

describe('Hash256', () => {
  it('keeps wire (internal) order and shows the reversed display order', () => {
    const h = Hash256.fromHex(GENESIS_DISPLAY);
    expect(h.internal.toString('hex')).toBe(GENESIS_INTERNAL);
    expect(h.toHex()).toBe(GENESIS_DISPLAY);
    expect(h.toKey()).toBe(GENESIS_INTERNAL);
    expect(JSON.stringify({ h })).toBe(`{"h":"${GENESIS_DISPLAY}"}`);
    expect(Hash256.fromInternal(Buffer.from(GENESIS_INTERNAL, 'hex')).equals(h)).toBe(true);
    expect(new BufferReader(Buffer.from(GENESIS_INTERNAL, 'hex')).hash().equals(h)).toBe(true);
  });

  it('compares as a little-endian 256-bit number, as proof of work does', () => {
    expect(Hash256.fromHex(`${'00'.repeat(31)}01`).toBigInt()).toBe(1n);
    expect(Hash256.fromInternal(Buffer.from(`01${'00'.repeat(31)}`, 'hex')).toBigInt()).toBe(1n);
  });

  it('compares by content under toEqual, whatever has been cached', () => {
    const a = Hash256.fromHex(GENESIS_DISPLAY);
    const b = new BufferReader(Buffer.from(GENESIS_INTERNAL, 'hex')).hash();
    a.toHex();
    expect(a).toEqual(b);
    expect(a).not.toEqual(Hash256.ZERO);
    expect(Hash256.fromHex(`${'00'.repeat(31)}80`)).not.toEqual(Hash256.ZERO);
  });

  it('copies input it does not own', () => {
    const bytes = Buffer.alloc(32);
    const h = Hash256.fromInternal(bytes);
    bytes[0] = 1;
    expect(h.isZero()).toBe(true);
  });

  it.each([
    ['short hex', 'abcd'],
    ['non-hex', 'zz'.repeat(32)],
  ])('refuses %s', (_, hex) => {
    expect(() => Hash256.fromHex(hex)).toThrow(expect.objectContaining({ code: WireErrorCode.InvalidValue }));
  });

  it('hash256 is double SHA-256; the empty payload checksum is 5df6e0e2', () => {
    expect(hash256(Buffer.alloc(0)).toString('hex')).toBe('5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456');
    expect(payloadChecksum(Buffer.alloc(0))).toBe(0xe2e0f65d);
  });
});

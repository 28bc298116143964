import { BufferReader, BufferWriter, MAX_SIZE, WireErrorCode, compactSizeLength } from '@mbc/wire';

const read = (hex: string) => new BufferReader(Buffer.from(hex, 'hex'));

/** value · canonical encoding (prefix byte, then little-endian). */
const CANONICAL: Array<[number, string]> = [
  [0, '00'],
  [0xfc, 'fc'], // largest single byte
  [0xfd, 'fdfd00'], // smallest 0xfd form
  [0xffff, 'fdffff'],
  [0x10000, 'fe00000100'], // smallest 0xfe form
  [MAX_SIZE, 'fe00000002'], // serialize.h MAX_SIZE, the largest accepted
];

describe('CompactSize', () => {
  it.each(CANONICAL)('%i <-> %s', (value, hex) => {
    expect(compactSizeLength(value)).toBe(hex.length / 2);
    expect(new BufferWriter(hex.length / 2).compactSize(value).finish().toString('hex')).toBe(hex);
    const r = read(hex);
    expect(r.compactSize()).toBe(value);
    expect(r.remaining).toBe(0);
  });

  it.each([
    ['0xfd form of 0xfc', 'fdfc00', WireErrorCode.NonCanonicalCompactSize],
    ['0xfd form of 0', 'fd0000', WireErrorCode.NonCanonicalCompactSize],
    ['0xfe form of 0xffff', 'feffff0000', WireErrorCode.NonCanonicalCompactSize],
    ['0xff form of 0xffffffff', 'ffffffffff00000000', WireErrorCode.NonCanonicalCompactSize],
    ['MAX_SIZE + 1', 'fe01000002', WireErrorCode.CompactSizeTooLarge],
    ['0xffffffff', 'feffffffff', WireErrorCode.CompactSizeTooLarge],
    ['2^32 in the 0xff form', 'ff0000000001000000', WireErrorCode.CompactSizeTooLarge],
    ['a missing 0xfd body', 'fd01', WireErrorCode.Truncated],
    ['nothing at all', '', WireErrorCode.Truncated],
  ])('refuses %s', (_, hex, code) => {
    expect(() => read(hex).compactSize()).toThrow(expect.objectContaining({ code }));
  });

  it('applies a caller limit as COUNT_TOO_LARGE', () => {
    expect(() => read('fde903').compactSize(1000)).toThrow(expect.objectContaining({ code: WireErrorCode.CountTooLarge }));
  });

  it('refuses a count whose entries cannot fit in the bytes left, before any entry is read', () => {
    // 50,000 inventory entries claimed, 36 bytes present: fails at once instead of allocating 50,000 slots.
    const r = read(`fd50c3${'00'.repeat(36)}`);
    expect(() => r.count(50_000, 36)).toThrow(expect.objectContaining({ code: WireErrorCode.Truncated, detail: expect.stringMatching(/^50000 entries/) }));
  });
});

describe('var_str / var_bytes', () => {
  it('reads a length-prefixed string and enforces its limit as STRING_TOO_LONG', () => {
    expect(read('03616263').varString(3)).toBe('abc');
    expect(() => read('03616263').varString(2)).toThrow(expect.objectContaining({ code: WireErrorCode.StringTooLong }));
    expect(read('020102').varBytes()).toEqual(Buffer.from('0102', 'hex'));
    expect(() => read('030102').varBytes()).toThrow(expect.objectContaining({ code: WireErrorCode.Truncated }));
  });

  it('writes length then bytes', () => {
    expect(new BufferWriter(4).varString('abc').finish().toString('hex')).toBe('03616263');
  });
});

import { BufferReader, BufferWriter, WireErrorCode } from '@mbc/wire';

type Field = 'u8' | 'u16le' | 'u16be' | 'u32le' | 'i32le' | 'u64le' | 'i64le' | 'bool';

/** field · value · wire bytes. Everything is little-endian except the port (u16be). */
const TABLE: Array<[Field, number | bigint | boolean, string]> = [
  ['u8', 0xab, 'ab'],
  ['u16le', 0x1234, '3412'],
  ['u16be', 18444, '480c'], // regtest port as a network address carries it
  ['u32le', 0xdeadbeef, 'efbeadde'],
  ['i32le', -2, 'feffffff'],
  ['i32le', 70016, '80110100'],
  ['u64le', 0x0102030405060708n, '0807060504030201'],
  ['u64le', 0xffffffffffffffffn, 'ffffffffffffffff'],
  ['i64le', -1n, 'ffffffffffffffff'],
  ['i64le', 5_000_000_000n, '00f2052a01000000'], // 50 BTC in satoshis
  ['bool', true, '01'],
  ['bool', false, '00'],
];

describe('fixed-width integers', () => {
  it.each(TABLE)('%s %p <-> %s', (field, value, hex) => {
    const bytes = Buffer.from(hex, 'hex');
    const w = new BufferWriter(bytes.length) as unknown as Record<Field, (v: unknown) => BufferWriter>;
    expect(w[field](value).finish().toString('hex')).toBe(hex);
    const r = new BufferReader(bytes);
    expect((r[field] as () => unknown).call(r)).toBe(value);
    expect(() => r.end()).not.toThrow();
  });

  it.each(TABLE)('%s fails typed on every truncation of %p', (field, _, hex) => {
    const bytes = Buffer.from(hex, 'hex');
    for (let n = 0; n < bytes.length; n++) {
      const r = new BufferReader(bytes.subarray(0, n));
      expect(() => (r[field] as () => unknown).call(r)).toThrow(expect.objectContaining({ code: WireErrorCode.Truncated }));
    }
  });

  it('reports leftover bytes', () => {
    const r = new BufferReader(Buffer.from('0102', 'hex'));
    r.u8();
    expect(() => r.end()).toThrow(expect.objectContaining({ code: WireErrorCode.TrailingBytes }));
  });

  it('catches an encoder that does not fill its exact size', () => {
    expect(() => new BufferWriter(3).u16le(1).finish()).toThrow(expect.objectContaining({ code: WireErrorCode.InvalidValue }));
  });
});

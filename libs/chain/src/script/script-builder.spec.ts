import { pushData, pushNumber, scriptNumBytes } from './script-builder';

describe('script pushes', () => {
  // BIP34: `CScript() << height` — small numbers are opcodes, others CScriptNum pushes.
  it.each([
    [0, '00'],
    [1, '51'],
    [16, '60'],
    [17, '0111'],
    [127, '017f'],
    [128, '028000'],
    [255, '02ff00'],
    [256, '020001'],
    [32767, '02ff7f'],
    [32768, '03008000'],
    [500_000, '0320a107'],
    [-1, '4f'],
  ])('pushNumber(%i) = %s', (n, hex) => {
    expect(pushNumber(n).toString('hex')).toBe(hex);
  });

  it('scriptNumBytes puts the sign in the top bit', () => {
    expect(scriptNumBytes(-5).toString('hex')).toBe('85');
    expect(scriptNumBytes(-128).toString('hex')).toBe('8080');
  });

  it.each([
    [75, '4b'],
    [76, '4c4c'],
    [255, '4cff'],
    [256, '4d0001'],
    [65535, '4dffff'],
    [65536, '4e00000100'],
  ])('pushData of %i bytes starts %s', (n, prefix) => {
    const script = pushData(Buffer.alloc(n));
    expect(script.subarray(0, prefix.length / 2).toString('hex')).toBe(prefix);
    expect(script.length).toBe(n + prefix.length / 2);
  });
});

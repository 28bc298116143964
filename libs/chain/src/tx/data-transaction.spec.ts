import { decodeTransaction, encodeTransaction, txid } from '@mbc/wire';

import { ChainError, ChainErrorCode } from '../errors';
import { MAX_DATA_PAYLOAD_BYTES, createDataTransaction, dataPayloadFromHex, dataPayloadFromText, dataPayloadOf, isEmptyScriptSigSpendable } from './data-transaction';

describe('data transactions', () => {
  it('gives equal payloads distinct txids', () => {
    const payload = Buffer.from('same payload');
    const ids = new Set(Array.from({ length: 50 }, () => txid(createDataTransaction(payload)).toHex()));
    expect(ids.size).toBe(50);
  });

  it.each([
    [0, '6a00'],
    [1, '6a01'],
    [75, '6a4b'],
    [76, '6a4c4c'],
    [80, '6a4c50'],
  ])('pushes a %i-byte payload with the minimal opcode', (length, prefix) => {
    const payload = Buffer.alloc(length, 0xab);
    const tx = createDataTransaction(payload);
    const script = tx.outputs[0].scriptPubKey;
    expect(tx.outputs).toHaveLength(1);
    expect(tx.outputs[0].value).toBe(0n);
    expect(script.subarray(0, prefix.length / 2).toString('hex')).toBe(prefix);
    expect(script.length).toBe(prefix.length / 2 + length);
    // A Bitcoin-format transaction: survives a wire round trip, payload readable back.
    const decoded = decodeTransaction(encodeTransaction(tx));
    expect(dataPayloadOf(decoded)).toEqual(payload);
    expect(decoded.inputs).toHaveLength(1);
  });

  it(`refuses payloads over ${MAX_DATA_PAYLOAD_BYTES} bytes with a typed error`, () => {
    const attempt = () => createDataTransaction(Buffer.alloc(MAX_DATA_PAYLOAD_BYTES + 1));
    expect(attempt).toThrow(ChainError);
    expect(attempt).toThrow(expect.objectContaining({ code: ChainErrorCode.InvalidPayload }));
  });

  it('parses UTF-8 text and hex payloads', () => {
    expect(dataPayloadFromText('héllo')).toEqual(Buffer.from('héllo', 'utf8'));
    expect(dataPayloadFromHex('0xdeadBEEF')).toEqual(Buffer.from('deadbeef', 'hex'));
    expect(() => dataPayloadFromHex('abc')).toThrow(ChainError);
    expect(() => dataPayloadFromHex('zz')).toThrow(ChainError);
    expect(() => dataPayloadFromText('€'.repeat(27))).toThrow(ChainError);
  });

  it('finds no payload in a transaction without OP_RETURN', () => {
    const tx = createDataTransaction(Buffer.from('x'));
    expect(dataPayloadOf({ ...tx, outputs: [{ value: 1n, scriptPubKey: Buffer.from([0x51]) }] })).toBeUndefined();
  });

  it.each([
    ['51', true],
    ['60', true],
    ['00', false],
    ['6a', false],
    ['5151', false],
    ['0014' + '11'.repeat(20), false],
  ])('an empty scriptSig satisfies script %s: %s', (hex, expected) => {
    expect(isEmptyScriptSigSpendable(Buffer.from(hex, 'hex'))).toBe(expected);
  });
});

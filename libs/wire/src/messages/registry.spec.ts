import {
  Hash256,
  MAX_ADDR_ENTRIES,
  MAX_HEADERS_PER_MSG,
  MAX_INV_ENTRIES,
  MAX_LOCATOR_HASHES,
  WireError,
  WireErrorCode,
  type WireMessage,
  codecFor,
  decodeBlockHeader,
  decodePayload,
  encodePayload,
} from '@mbc/wire';

import { REGTEST_GENESIS_HEADER, SAMPLES, payloadHex } from '../../test/sample-messages';

function decodeError(command: string, hex: string): WireError {
  try {
    decodePayload(command, Buffer.from(hex, 'hex'));
  } catch (err) {
    expect(err).toBeInstanceOf(WireError);
    return err as WireError;
  }
  throw new Error(`${command} ${hex} decoded without error`);
}

function encodeError(msg: WireMessage): WireError {
  try {
    encodePayload(msg);
  } catch (err) {
    expect(err).toBeInstanceOf(WireError);
    return err as WireError;
  }
  throw new Error(`${msg.command} encoded without error`);
}

const label = (s: (typeof SAMPLES)[number]) => `${s.message.command} ${s.fields.map(([f]) => f).join(', ') || '(empty)'}`;

describe('message codecs', () => {
  it('has a sample for every implemented command', () => {
    const sampled = new Set(SAMPLES.map((s) => s.message.command));
    for (const command of sampled) expect(codecFor(command)?.command).toBe(command);
    expect(sampled.size).toBe(21);
  });

  it.each(SAMPLES.map((s) => [label(s), s] as const))('%s encodes to its field-by-field bytes and back', (_, sample) => {
    const bytes = encodePayload(sample.message);
    expect(bytes.toString('hex')).toBe(payloadHex(sample));
    expect(decodePayload(sample.message.command, bytes)).toEqual(sample.message);
  });

  it.each(SAMPLES.map((s) => [label(s), s] as const))('%s fails with a typed error at every truncation', (_, sample) => {
    const full = Buffer.from(payloadHex(sample), 'hex');
    for (let length = 0; length < full.length; length++) {
      const cut = full.subarray(0, length);
      if (sample.validPrefixes?.includes(length)) {
        expect(() => decodePayload(sample.message.command, cut)).not.toThrow();
        continue;
      }
      const error = decodeError(sample.message.command, cut.toString('hex'));
      expect([error.code, error.command]).toEqual([WireErrorCode.Truncated, sample.message.command]);
    }
  });

  it.each(SAMPLES.map((s) => [label(s), s] as const))('%s refuses a trailing byte', (_, sample) => {
    const error = decodeError(sample.message.command, `${payloadHex(sample)}00`);
    expect(error.command).toBe(sample.message.command);
    // Empty messages hit their own 0-byte payload cap before the decoder sees the byte.
    expect([WireErrorCode.TrailingBytes, WireErrorCode.PayloadTooLarge]).toContain(error.code);
  });

  it('decodes a version without the relay flag as relaying (pre-70001 peers)', () => {
    const [version] = SAMPLES;
    const hex = payloadHex(version).slice(0, -2);
    expect(decodePayload('version', Buffer.from(hex, 'hex'))).toMatchObject({ relay: true, startHeight: 42 });
  });

  it('maps commands it does not implement, including Object.prototype names, to unknown', () => {
    for (const name of ['sendtxrcncl', 'constructor', '__proto__', 'toString']) {
      expect(decodePayload(name, Buffer.from('abcd', 'hex'))).toEqual({ command: 'unknown', name, payload: Buffer.from('abcd', 'hex') });
    }
    expect(encodePayload({ command: 'unknown', name: 'addrv2', payload: Buffer.from('0102', 'hex') })).toEqual(Buffer.from('0102', 'hex'));
  });

  describe('refuses bad payloads with a typed code naming the command', () => {
    const zeroHash = '00'.repeat(32);
    const cases: Array<[string, string, string, WireErrorCode]> = [
      ['inv count 50,001', 'inv', 'fd51c3', WireErrorCode.CountTooLarge],
      ['getdata count claims 50,000 with 36 bytes', 'getdata', `fd50c3${'01000000'}${zeroHash}`, WireErrorCode.Truncated],
      ['notfound count 50,001', 'notfound', 'fd51c3', WireErrorCode.CountTooLarge],
      ['notfound count 50,001 as 0xfe (non-canonical)', 'notfound', 'fe51c30000', WireErrorCode.NonCanonicalCompactSize],
      ['addr count 1,001', 'addr', 'fde903', WireErrorCode.CountTooLarge],
      ['headers count 2,001', 'headers', 'fdd107', WireErrorCode.CountTooLarge],
      ['getheaders locator of 102', 'getheaders', '8011010066', WireErrorCode.CountTooLarge],
      ['getblocks locator of 102', 'getblocks', '8011010066', WireErrorCode.CountTooLarge],
      ['headers with a non-zero tx count', 'headers', `01${REGTEST_GENESIS_HEADER}01`, WireErrorCode.InvalidValue],
      ['inv count 1 as 0xfd 0x0100 (non-canonical)', 'inv', `fd0100${'01000000'}${zeroHash}`, WireErrorCode.NonCanonicalCompactSize],
      ['addr count as 0xfe (non-canonical)', 'addr', 'fe00000000', WireErrorCode.NonCanonicalCompactSize],
      ['inv count as 0xff (non-canonical)', 'inv', 'ff0000000000000000', WireErrorCode.NonCanonicalCompactSize],
      ['inv count 2^32 as 0xff (over MAX_SIZE)', 'inv', 'ff0000000001000000', WireErrorCode.CompactSizeTooLarge],
      ['version user agent of 257 bytes', 'version', `${'00'.repeat(80)}fd0101${'41'.repeat(257)}`, WireErrorCode.StringTooLong],
      ['reject message longer than 12 bytes', 'reject', `0d${'61'.repeat(13)}1000`, WireErrorCode.StringTooLong],
      ['reject reason longer than 111 bytes', 'reject', `02747810${'70'}${'61'.repeat(112)}`, WireErrorCode.StringTooLong],
      ['reject of a tx with a partial hash', 'reject', `0274781000${'00'.repeat(31)}`, WireErrorCode.Truncated],
      ['reject of a version with a hash', 'reject', `0776657273696f6e1000${zeroHash}`, WireErrorCode.TrailingBytes],
      ['tx with segwit flag 2', 'tx', '010000000002', WireErrorCode.InvalidValue],
      ['block over 4,000,000 bytes', 'block', '00'.repeat(4_000_001), WireErrorCode.PayloadTooLarge],
      ['ping of 9 bytes', 'ping', '00'.repeat(9), WireErrorCode.PayloadTooLarge],
    ];
    it.each(cases)('%s', (_, command, hex, code) => {
      const error = decodeError(command, hex);
      expect([error.code, error.command]).toEqual([code, command]);
    });
  });

  describe('refuses to encode what peers would refuse', () => {
    const hash = Hash256.ZERO;
    const cases: Array<[string, WireMessage, WireErrorCode]> = [
      ['inv of 50,001', { command: 'inv', inventory: new Array(MAX_INV_ENTRIES + 1).fill({ type: 1, hash }) }, WireErrorCode.CountTooLarge],
      ['addr of 1,001', { command: 'addr', addresses: new Array(MAX_ADDR_ENTRIES + 1).fill({ time: 0, services: 0n, ip: '1.2.3.4', port: 1 }) }, WireErrorCode.CountTooLarge],
      ['getheaders locator of 102', { command: 'getheaders', version: 1, locator: new Array(MAX_LOCATOR_HASHES + 1).fill(hash), hashStop: hash }, WireErrorCode.CountTooLarge],
      ['headers of 2,001', { command: 'headers', headers: new Array(MAX_HEADERS_PER_MSG + 1).fill(decodeBlockHeader(Buffer.from(REGTEST_GENESIS_HEADER, 'hex'))) }, WireErrorCode.CountTooLarge],
      ['reject of a version with a hash', { command: 'reject', message: 'version', code: 0x10, reason: '', hash }, WireErrorCode.InvalidValue],
      ['ping nonce over 64 bits', { command: 'ping', nonce: 1n << 64n }, WireErrorCode.InvalidValue],
    ];
    it.each(cases)('%s', (_, msg, code) => {
      const error = encodeError(msg);
      expect([error.code, error.command]).toEqual([code, msg.command]);
    });

    it('a user agent over 256 bytes', () => {
      const version = { ...(SAMPLES[0].message as Extract<WireMessage, { command: 'version' }>), userAgent: 'a'.repeat(257) };
      expect(encodeError(version).code).toBe(WireErrorCode.StringTooLong);
    });
  });
});

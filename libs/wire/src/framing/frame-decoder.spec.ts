import fc from 'fast-check';

import { type DecodeEvent, FrameDecoder, MAX_PROTOCOL_MESSAGE_LENGTH, WireErrorCode, encodeFrame } from '@mbc/wire';

import { REGTEST_MAGIC, rawFrame } from '../../test/raw-frame';
import { SAMPLES, payloadHex } from '../../test/sample-messages';

const decoder = () => new FrameDecoder({ magic: REGTEST_MAGIC });
const ping = (nonceHex = '0102030405060708') => rawFrame('ping', Buffer.from(nonceHex, 'hex'));

function pushAll(chunks: Buffer[], d = decoder()): DecodeEvent[] {
  return chunks.flatMap((c) => d.push(c));
}

/** Events in a comparable form (errors by code/command/fatal, messages as decoded). */
function summary(events: DecodeEvent[]): unknown[] {
  return events.map((e) => (e.ok ? e : { code: e.error.code, command: e.command, errorCommand: e.error.command, fatal: e.fatal }));
}

/** Splits `bytes` at the given cut points (any order, duplicates allowed). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) chunks.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  return chunks;
}

/** Every sample framed, with recoverable faults between them. */
const STREAM = Buffer.concat([
  ...SAMPLES.map((s) => encodeFrame(REGTEST_MAGIC, s.message)),
  rawFrame('ping', Buffer.from('0102030405060708', 'hex'), { checksum: Buffer.from('00000000', 'hex') }),
  rawFrame('inv', Buffer.from('02', 'hex')),
  rawFrame('sendtxrcncl', Buffer.from('0100000000000000000000000000', 'hex')),
  rawFrame('ping', Buffer.alloc(9)),
  ping(),
]);

describe('FrameDecoder', () => {
  it('decodes every sample message framed, reporting command and frame size', () => {
    for (const sample of SAMPLES) {
      const frame = encodeFrame(REGTEST_MAGIC, sample.message);
      expect(frame.subarray(24).toString('hex')).toBe(payloadHex(sample));
      expect(decoder().push(frame)).toEqual([{ ok: true, message: sample.message, command: sample.message.command, size: frame.length }]);
    }
  });

  it('decodes a whole stream the same in one chunk and one byte at a time', () => {
    const whole = decoder().push(STREAM);
    expect(whole).toHaveLength(SAMPLES.length + 5);
    const bytewise = pushAll([...STREAM].map((b) => Buffer.from([b])));
    expect(summary(bytewise)).toEqual(summary(whole));
  });

  it('decodes identically under any chunking (property)', () => {
    const expected = summary(decoder().push(STREAM));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (cuts) => {
        expect(summary(pushAll(split(STREAM, cuts)))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  describe('recoverable faults are reported and the next frame still decodes', () => {
    const cases: Array<[string, Buffer, WireErrorCode, string]> = [
      ['bad checksum', rawFrame('ping', Buffer.alloc(8), { checksum: Buffer.from('deadbeef', 'hex') }), WireErrorCode.BadChecksum, 'ping'],
      ['payload over the command limit (skipped unbuffered)', rawFrame('verack', Buffer.alloc(3)), WireErrorCode.PayloadTooLarge, 'verack'],
      ['truncated payload', rawFrame('getheaders', Buffer.from('8011010001', 'hex')), WireErrorCode.Truncated, 'getheaders'],
      ['trailing bytes (an empty addr and a spare byte)', rawFrame('addr', Buffer.from('0000', 'hex')), WireErrorCode.TrailingBytes, 'addr'],
      ['non-canonical CompactSize', rawFrame('inv', Buffer.from('fd0000', 'hex')), WireErrorCode.NonCanonicalCompactSize, 'inv'],
      ['addr over 1,000', rawFrame('addr', Buffer.from('fde903', 'hex')), WireErrorCode.CountTooLarge, 'addr'],
      ['headers over 2,000', rawFrame('headers', Buffer.from('fdd107', 'hex')), WireErrorCode.CountTooLarge, 'headers'],
      ['locator over 101', rawFrame('getblocks', Buffer.from('0100000066', 'hex')), WireErrorCode.CountTooLarge, 'getblocks'],
      ['inv over 50,000', rawFrame('getdata', Buffer.from('fd51c3', 'hex')), WireErrorCode.CountTooLarge, 'getdata'],
    ];

    it.each(cases)('%s', (_, bad, code, command) => {
      const events = decoder().push(Buffer.concat([bad, ping()]));
      expect(summary(events)).toEqual([
        { code, command, errorCommand: command, fatal: false },
        ...summary([{ ok: true, message: { command: 'ping', nonce: 0x0807060504030201n }, command: 'ping', size: 32 }]),
      ]);
    });
  });

  describe('fatal faults stop the stream', () => {
    const cases: Array<[string, Buffer, WireErrorCode, string | undefined]> = [
      ['wrong magic (mainnet frame on regtest)', rawFrame('ping', Buffer.alloc(8), { magic: Buffer.from('f9beb4d9', 'hex') }), WireErrorCode.BadMagic, undefined],
      ['a byte after the NUL padding', rawFrame('ping', Buffer.alloc(8), { commandBytes: Buffer.from('70696e6700000000000000ff', 'hex') }), WireErrorCode.BadCommand, undefined],
      ['a non-printable command byte', rawFrame('ping', Buffer.alloc(8), { commandBytes: Buffer.from('70696e0a0000000000000000', 'hex') }), WireErrorCode.BadCommand, undefined],
      ['declared length over 4,000,000', rawFrame('block', Buffer.alloc(0), { length: MAX_PROTOCOL_MESSAGE_LENGTH + 1 }), WireErrorCode.PayloadTooLarge, 'block'],
    ];
    it.each(cases)('%s', (_, bad, code, command) => {
      const d = decoder();
      const events = d.push(Buffer.concat([bad, ping()]));
      expect(summary(events)).toEqual([{ code, command, errorCommand: command, fatal: true }]);
      expect(d.closed).toBe(true);
      expect(d.push(ping())).toEqual([]);
    });

    it('decides an oversized length from the 24-byte header alone', () => {
      const d = decoder();
      const header = rawFrame('block', Buffer.alloc(0), { length: 0xffffffff });
      expect(d.push(header)).toMatchObject([{ ok: false, fatal: true, error: { code: WireErrorCode.PayloadTooLarge } }]);
      expect(d.bufferedBytes).toBe(0);
    });

    it('honours a smaller maxBufferedBytes', () => {
      const d = new FrameDecoder({ magic: REGTEST_MAGIC, maxBufferedBytes: 1000 });
      expect(d.push(rawFrame('tx', Buffer.alloc(1001)))).toMatchObject([{ ok: false, fatal: true, command: 'tx' }]);
    });
  });

  it('keeps no reference to pushed chunks: reusing one leaves decoded messages intact', () => {
    const chunk = encodeFrame(REGTEST_MAGIC, SAMPLES[12].message); // the genesis block
    const [event] = decoder().push(chunk);
    chunk.fill(0);
    expect(event).toMatchObject({ ok: true, message: SAMPLES[12].message });
  });

  it('reserves memory for a large declared payload gradually, not up front', () => {
    const d = decoder();
    const alloc = jest.spyOn(Buffer, 'allocUnsafe');
    try {
      d.push(rawFrame('block', Buffer.alloc(1000), { length: MAX_PROTOCOL_MESSAGE_LENGTH }).subarray(0, 24 + 1000));
      const largest = Math.max(0, ...alloc.mock.calls.map(([size]) => size));
      expect(largest).toBeLessThanOrEqual(256 * 1024);
      expect(d.bufferedBytes).toBe(1000);
    } finally {
      alloc.mockRestore();
    }
  });

  it('never throws or over-buffers on corrupted or truncated streams (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 20 }),
        (flips, cut, cuts) => {
          const corrupted = Buffer.from(STREAM);
          for (const [at, value] of flips) corrupted[at % corrupted.length] = value;
          const truncated = corrupted.subarray(0, cut % (corrupted.length + 1));
          const d = decoder();
          let events: DecodeEvent[] = [];
          expect(() => {
            for (const chunk of split(truncated, cuts)) {
              events = events.concat(d.push(chunk));
              expect(d.bufferedBytes).toBeLessThanOrEqual(MAX_PROTOCOL_MESSAGE_LENGTH + 24);
            }
          }).not.toThrow();
          // At most one fatal error, and nothing after it.
          const fatal = events.findIndex((e) => !e.ok && e.fatal);
          expect(fatal === -1 || fatal === events.length - 1).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes after a valid header (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SAMPLES.map((s) => s.message.command)), fc.uint8Array({ maxLength: 400 }), (command, bytes) => {
        const events = decoder().push(rawFrame(command, Buffer.from(bytes)));
        expect(events).toHaveLength(1);
        if (!events[0].ok) expect(events[0].error.command).toBe(command);
      }),
      { numRuns: 500 },
    );
  });
});

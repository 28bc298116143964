import { FrameDecoder, WireErrorCode, type WireMessage, blockHash, encodeFrame } from '@mbc/wire';

import { loadVectors } from '../../../../test/support/shared';
import { REGTEST_MAGIC } from '../../test/raw-frame';

interface FrameVector {
  frame: string;
  note: string;
}
const genesis = loadVectors<{ frames: Record<string, string> }>('genesis');
const frames = loadVectors<Record<string, FrameVector>>('frames');
const MAINNET_MAGIC = Buffer.from('f9beb4d9', 'hex');

/** Decodes one complete frame; the vector must yield exactly one message spanning all its bytes. */
function decodeOne(hex: string): { message: WireMessage; magic: Buffer } {
  const bytes = Buffer.from(hex, 'hex');
  const magic = bytes.subarray(0, 4);
  const events = new FrameDecoder({ magic }).push(bytes);
  expect(events).toHaveLength(1);
  const [event] = events;
  if (!event.ok) throw event.error;
  expect(event.size).toBe(bytes.length);
  // Re-encoding gives the same bytes.
  expect(encodeFrame(magic, event.message).toString('hex')).toBe(hex);
  return { message: event.message, magic };
}

describe('shared frame vectors decode and re-encode byte for byte', () => {
  it('verack on regtest and mainnet (empty payload checksum 5df6e0e2)', () => {
    expect(decodeOne(genesis.frames.regtestVerack)).toEqual({ message: { command: 'verack' }, magic: REGTEST_MAGIC });
    expect(decodeOne(genesis.frames.mainnetVerack)).toEqual({ message: { command: 'verack' }, magic: MAINNET_MAGIC });
  });

  it('the regtest genesis block message hashes to 0f9188f1…2206', () => {
    const { message } = decodeOne(genesis.frames.regtestGenesisBlock);
    expect(message.command === 'block' && blockHash(message.block.header).toHex()).toBe(
      '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
    );
  });

  it('ping with nonce 0x0102030405060708 (genesis.json)', () => {
    expect(decodeOne(genesis.frames.regtestPingNonce0102030405060708).message).toEqual({ command: 'ping', nonce: 0x0102030405060708n });
  });

  it('ping with nonce bytes 01..08 on the wire (frames.json)', () => {
    expect(decodeOne(frames.ping.frame).message).toEqual({ command: 'ping', nonce: 0x0807060504030201n });
  });

  it.each(['getaddr', 'mempool'])('%s with an empty payload', (command) => {
    expect(decodeOne(frames[command].frame).message).toEqual({ command });
  });

  it('getheaders: locator [regtest genesis], zero stop, version 70001', () => {
    const { message } = decodeOne(frames.getheaders.frame);
    if (message.command !== 'getheaders') throw new Error(message.command);
    expect(message.version).toBe(70001);
    expect(message.locator.map((h) => h.toHex())).toEqual(['0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206']);
    expect(message.hashStop.isZero()).toBe(true);
  });

  it('inv: one MSG_BLOCK for the regtest genesis', () => {
    const { message } = decodeOne(frames.inv_block.frame);
    expect(message.command === 'inv' && message.inventory.map((v) => [v.type, v.hash.toHex()])).toEqual([
      [2, '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206'],
    ]);
  });

  it('getdata: one MSG_TX for the genesis coinbase txid', () => {
    const { message } = decodeOne(frames.getdata_tx.frame);
    expect(message.command === 'getdata' && message.inventory.map((v) => [v.type, v.hash.toHex()])).toEqual([
      [1, '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b'],
    ]);
  });
});

describe('encodeFrame', () => {
  it('frames unknown messages under their own name', () => {
    const frame = encodeFrame(REGTEST_MAGIC, { command: 'unknown', name: 'sendtxrcncl', payload: Buffer.from('01', 'hex') });
    expect(frame.subarray(4, 16).toString('latin1')).toBe('sendtxrcncl\0');
  });

  it.each([
    ['a name over 12 bytes', 'thirteenchars', WireErrorCode.BadCommand],
    ['a non-printable name', 'bad\nname', WireErrorCode.BadCommand],
  ])('refuses %s', (_, name, code) => {
    expect(() => encodeFrame(REGTEST_MAGIC, { command: 'unknown', name, payload: Buffer.alloc(0) })).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a payload over 4,000,000 bytes', () => {
    const msg: WireMessage = { command: 'unknown', name: 'big', payload: Buffer.alloc(4_000_001) };
    expect(() => encodeFrame(REGTEST_MAGIC, msg)).toThrow(expect.objectContaining({ code: WireErrorCode.PayloadTooLarge, command: 'big' }));
  });
});

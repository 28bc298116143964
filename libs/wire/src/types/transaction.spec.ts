import { Transaction as BitcoinJsTransaction } from 'bitcoinjs-lib';

import { FrameDecoder, WireErrorCode, decodeTransaction, encodeFrame, encodeTransaction, hasWitness, txid, wtxid } from '@mbc/wire';

import { REGTEST_MAGIC } from '../../test/raw-frame';

/** BIP143's native P2WPKH example, signed: version · marker 00 · flag 01 · 2 inputs · 2 outputs · witness · locktime 0x11. */
const SEGWIT_TX =
  '01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc26ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee635711000000';

describe('segwit transactions (BIP144)', () => {
  const reference = BitcoinJsTransaction.fromHex(SEGWIT_TX);

  it('decode, re-encode byte for byte and hash the txid without the witness', () => {
    const tx = decodeTransaction(Buffer.from(SEGWIT_TX, 'hex'));
    expect(hasWitness(tx)).toBe(true);
    expect(tx.inputs.map((i) => i.witness.length)).toEqual([0, 2]);
    expect(tx.outputs.map((o) => o.value)).toEqual([112_340_000n, 223_450_000n]);
    expect(tx.lockTime).toBe(0x11);
    expect(encodeTransaction(tx).toString('hex')).toBe(SEGWIT_TX);
    expect(txid(tx).toHex()).toBe(reference.getId());
    expect(wtxid(tx).toHex()).toBe(Buffer.from(reference.getHash(true)).reverse().toString('hex'));
    expect(txid(tx).equals(wtxid(tx))).toBe(false);
    const stripped = reference.clone();
    for (const input of stripped.ins) input.witness = [];
    expect(encodeTransaction(tx, false).toString('hex')).toBe(stripped.toHex());
  });

  it('a tx message remembers its checksum digest as the wtxid, and the txid still excludes the witness', () => {
    const frame = encodeFrame(REGTEST_MAGIC, { command: 'tx', tx: decodeTransaction(Buffer.from(SEGWIT_TX, 'hex')) });
    const [event] = new FrameDecoder({ magic: REGTEST_MAGIC }).push(frame);
    if (!event.ok || event.message.command !== 'tx') throw new Error('expected a tx');
    expect(wtxid(event.message.tx).toHex()).toBe(Buffer.from(reference.getHash(true)).reverse().toString('hex'));
    expect(txid(event.message.tx).toHex()).toBe(reference.getId());
  });

  it.each([
    ['an unknown flag byte', `010000000002${SEGWIT_TX.slice(12)}`, WireErrorCode.InvalidValue],
    ['a segwit marker with all witnesses empty', `${SEGWIT_TX.slice(0, SEGWIT_TX.indexOf('0002473044'))}0000${'11000000'}`, WireErrorCode.InvalidValue],
  ])('refuses %s', (_, hex, code) => {
    expect(() => decodeTransaction(Buffer.from(hex, 'hex'))).toThrow(expect.objectContaining({ code }));
  });

  it('fails with a typed error at every truncation', () => {
    const full = Buffer.from(SEGWIT_TX, 'hex');
    for (let n = 0; n < full.length; n++) {
      expect(() => decodeTransaction(full.subarray(0, n))).toThrow(expect.objectContaining({ code: WireErrorCode.Truncated }));
    }
  });
});

import { blockHash, decodeBlock, decodeBlockHeader, encodeBlock, txid } from '@mbc/wire';

import { loadVectors } from '../../../../test/support/shared';

interface GenesisVector {
  hash: string;
  header: string;
  block: string;
  coinbaseTxid: string;
}
const vectors = loadVectors<Record<'regtest' | 'mainnet', GenesisVector>>('genesis');

describe('genesis blocks', () => {
  it.each(['regtest', 'mainnet'] as const)('%s decodes, hashes and re-encodes byte for byte', (net) => {
    const v = vectors[net];
    const block = decodeBlock(Buffer.from(v.block, 'hex'));
    expect(blockHash(block.header).toHex()).toBe(v.hash);
    expect(blockHash(decodeBlockHeader(Buffer.from(v.header, 'hex'))).toHex()).toBe(v.hash);
    expect(txid(block.transactions[0]).toHex()).toBe(v.coinbaseTxid);
    expect(block.header.merkleRoot.toHex()).toBe(v.coinbaseTxid);
    expect(encodeBlock(block).toString('hex')).toBe(v.block);
  });

  it('fails with a typed error at every truncation of the regtest genesis block', () => {
    const full = Buffer.from(vectors.regtest.block, 'hex');
    for (let n = 0; n < full.length; n++) {
      expect(() => decodeBlock(full.subarray(0, n))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { blockHash, decodeBlock, encodeBlock, txid } from '@mbc/wire';

const vectors = JSON.parse(readFileSync(join(__dirname, '../../../../../shared/vectors/genesis.json'), 'utf8'));

describe('genesis blocks', () => {
  it.each(['regtest', 'mainnet'])('%s decodes, hashes and re-encodes byte for byte', (net) => {
    const v = vectors[net];
    const bytes = Buffer.from(v.block, 'hex');
    const block = decodeBlock(bytes);
    expect(blockHash(block.header).toHex()).toBe(v.hash);
    expect(txid(block.transactions[0]).toHex()).toBe(v.coinbaseTxid);
    expect(encodeBlock(block).toString('hex')).toBe(v.block);
  });
});

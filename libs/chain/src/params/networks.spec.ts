import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { blockHash, encodeBlock } from '@mbc/wire';

import { ChainError } from '../errors';
import { encodeCompact } from '../pow/compact';
import { NETWORKS, customNetwork, getNetwork } from './index';

const vectors = JSON.parse(readFileSync(join(__dirname, '../../../../../shared/vectors/genesis.json'), 'utf8'));

describe('network parameters', () => {
  it('regtest is the default and matches Bitcoin regtest', () => {
    const regtest = getNetwork();
    expect(regtest.name).toBe('regtest');
    expect(regtest.magic.toString('hex')).toBe('fabfb5da');
    expect(regtest.defaultPort).toBe(18444);
    expect(regtest.genesisHash.toHex()).toBe('0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206');
    expect(encodeBlock(regtest.genesisBlock).toString('hex')).toBe(vectors.regtest.block);
    expect(regtest.powLimit.toString(16).padStart(64, '0')).toBe(`7fffff${'0'.repeat(58)}`);
    expect(encodeCompact(regtest.powLimit)).toBe(regtest.powLimitBits);
    expect(regtest.powLimitBits).toBe(0x207fffff);
    expect(regtest.noRetargeting).toBe(true);
    expect(regtest.halvingInterval).toBe(150);
    expect(regtest.targetSpacingSec).toBe(600);
  });

  it.each([
    ['mainnet', 'f9beb4d9', 8333, '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f'],
    ['testnet', '0b110907', 18333, '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943'],
    ['signet', '0a03cf40', 38333, '00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6'],
  ])('%s: magic, port, genesis', (name, magic, port, hash) => {
    const params = NETWORKS[name];
    expect(params.magic.toString('hex')).toBe(magic);
    expect(params.defaultPort).toBe(port);
    expect(blockHash(params.genesisBlock.header).toHex()).toBe(hash);
    expect(encodeCompact(params.powLimit)).toBe(params.powLimitBits);
  });

  it('mainnet genesis matches the shared vector byte for byte', () => {
    expect(encodeBlock(NETWORKS.mainnet.genesisBlock).toString('hex')).toBe(vectors.mainnet.block);
  });

  it('refuses an unknown name with a typed error', () => {
    expect(() => getNetwork('nonet')).toThrow(ChainError);
  });

  it('a new network is a new parameter object', () => {
    const mine = customNetwork({ name: 'mine', magic: Buffer.from('01020304', 'hex'), defaultPort: 19444 });
    expect(mine.genesisHash).toBe(NETWORKS.regtest.genesisHash);
    expect(mine.magic.toString('hex')).toBe('01020304');
    expect(NETWORKS.regtest.defaultPort).toBe(18444);
  });
});

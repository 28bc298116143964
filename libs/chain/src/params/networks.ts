import { checkedGenesis, genesisBlock, genesisFromHex } from './genesis';
import type { NetworkParams } from './network-params';

const TWO_WEEKS_SEC = 14 * 24 * 60 * 60;

/** Core's regtest genesis block (kernel/chainparams.cpp CRegTestParams), embedded byte for byte. */
const REGTEST_GENESIS_HEX =
  '0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4adae5494dffff7f20020000000101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000';

const regtestGenesis = genesisFromHex(REGTEST_GENESIS_HEX, '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206');

/** Bitcoin regtest: trivial PoW, no retargeting, halving every 150 blocks; BIP34/65/66 from height 1. */
export const REGTEST: NetworkParams = {
  name: 'regtest',
  magic: Buffer.from('fabfb5da', 'hex'),
  defaultPort: 18444,
  genesisBlock: regtestGenesis.block,
  genesisHash: regtestGenesis.hash,
  powLimit: 0x7fffffn << 232n,
  powLimitBits: 0x207fffff,
  noRetargeting: true,
  powTargetTimespanSec: TWO_WEEKS_SEC,
  halvingInterval: 150,
  targetSpacingSec: 600,
  bip34Height: 1,
  bip66Height: 1,
  bip65Height: 1,
  dnsSeeds: [],
};

const mainnetGenesis = checkedGenesis(
  genesisBlock({ time: 1231006505, bits: 0x1d00ffff, nonce: 2083236893 }),
  '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
);

/** Bitcoin mainnet (headers, PoW and 2016-block retargeting are validated; scripts/UTXO are not). */
export const MAINNET: NetworkParams = {
  name: 'mainnet',
  magic: Buffer.from('f9beb4d9', 'hex'),
  defaultPort: 8333,
  genesisBlock: mainnetGenesis.block,
  genesisHash: mainnetGenesis.hash,
  powLimit: 0xffffn << 208n,
  powLimitBits: 0x1d00ffff,
  noRetargeting: false,
  powTargetTimespanSec: TWO_WEEKS_SEC,
  halvingInterval: 210_000,
  targetSpacingSec: 600,
  bip34Height: 227_931,
  bip66Height: 363_725,
  bip65Height: 388_381,
  dnsSeeds: ['seed.bitcoin.sipa.be', 'dnsseed.bluematt.me', 'seed.bitcoin.jonasschnelli.ch', 'seed.btc.petertodd.net'],
};

const testnetGenesis = checkedGenesis(
  genesisBlock({ time: 1296688602, bits: 0x1d00ffff, nonce: 414098458 }),
  '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943',
);

/**
 * Bitcoin testnet3: magic, port and genesis only. Its 20-minute minimum-difficulty rule is NOT
 * implemented, so validating a real testnet3 chain beyond its first retarget is unsupported.
 */
export const TESTNET: NetworkParams = {
  ...MAINNET,
  name: 'testnet',
  magic: Buffer.from('0b110907', 'hex'),
  defaultPort: 18333,
  genesisBlock: testnetGenesis.block,
  genesisHash: testnetGenesis.hash,
  bip34Height: 21_111,
  bip66Height: 330_776,
  bip65Height: 581_885,
  dnsSeeds: ['testnet-seed.bitcoin.jonasschnelli.ch', 'seed.tbtc.petertodd.net', 'testnet-seed.bluematt.me'],
};

const signetGenesis = checkedGenesis(
  genesisBlock({ time: 1598918400, bits: 0x1e0377ae, nonce: 52613770 }),
  '00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6',
);

/**
 * Bitcoin signet (default challenge): magic, port and genesis only. Signet block signatures
 * (BIP325) are NOT checked, so following the real signet chain is unsupported.
 */
export const SIGNET: NetworkParams = {
  ...MAINNET,
  name: 'signet',
  magic: Buffer.from('0a03cf40', 'hex'),
  defaultPort: 38333,
  genesisBlock: signetGenesis.block,
  genesisHash: signetGenesis.hash,
  powLimit: 0x0377aen << 216n,
  powLimitBits: 0x1e0377ae,
  bip34Height: 1,
  bip66Height: 1,
  bip65Height: 1,
  dnsSeeds: ['seed.signet.bitcoin.sprovoost.nl'],
};

// One sample of every message, with its payload spelled out field by field (btcd-style fixtures).
// Shared by the codec specs, the framing specs and the wire benchmark's sanity checks.
import { Hash256, type WireMessage, decodeBlock } from '@mbc/wire';

/** Regtest genesis, and its coinbase txid, in internal (wire) byte order. */
export const GENESIS_HASH_INTERNAL = '06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f';
export const GENESIS_TXID_INTERNAL = '3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a';
export const REGTEST_GENESIS_HEADER =
  '0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4adae5494dffff7f2002000000';
const GENESIS_COINBASE =
  '01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000';
const ZERO_HASH = '00'.repeat(32);

export interface Sample {
  readonly message: WireMessage;
  /** The payload, one [field, hex] pair per field. */
  readonly fields: ReadonlyArray<readonly [string, string]>;
  /** Payload lengths shorter than the full one that still decode (optional trailing fields). */
  readonly validPrefixes?: readonly number[];
}

export function payloadHex(sample: Sample): string {
  return sample.fields.map(([, hex]) => hex).join('');
}

const hash = (internalHex: string) => Hash256.fromInternal(Buffer.from(internalHex, 'hex'));
const genesisBlock = decodeBlock(Buffer.from(`${REGTEST_GENESIS_HEADER}01${GENESIS_COINBASE}`, 'hex'));
const versionFields: Array<readonly [string, string]> = [
  ['version 70016', '80110100'],
  ['services NETWORK|WITNESS|NETWORK_LIMITED', '0904000000000000'],
  ['timestamp 1700000000', '00f1536500000000'],
  ['addr_recv services 1', '0100000000000000'],
  ['addr_recv ip ::ffff:127.0.0.1', '00000000000000000000ffff7f000001'],
  ['addr_recv port 18444 (big-endian)', '480c'],
  ['addr_from services 0x409', '0904000000000000'],
  ['addr_from ip 2001:db8::1', '20010db8000000000000000000000001'],
  ['addr_from port 18445 (big-endian)', '480d'],
  ['nonce 0x1122334455667788', '8877665544332211'],
  ['user agent "/mbc:0.1.0/" (var_str)', '0b2f6d62633a302e312e302f'],
  ['start height 42', '2a000000'],
  ['relay false', '00'],
];

export const SAMPLES: readonly Sample[] = [
  {
    message: {
      command: 'version',
      version: 70016,
      services: 0x409n,
      timestamp: 1_700_000_000n,
      addrRecv: { services: 1n, ip: '127.0.0.1', port: 18444 },
      addrFrom: { services: 0x409n, ip: '2001:db8::1', port: 18445 },
      nonce: 0x1122334455667788n,
      userAgent: '/mbc:0.1.0/',
      startHeight: 42,
      relay: false,
    },
    fields: versionFields,
    // Without the relay byte (pre-70001 peers) the message is still valid.
    validPrefixes: [versionFields.slice(0, -1).reduce((n, [, hex]) => n + hex.length / 2, 0)],
  },
  { message: { command: 'verack' }, fields: [] },
  { message: { command: 'ping', nonce: 0x0102030405060708n }, fields: [['nonce', '0807060504030201']] },
  { message: { command: 'pong', nonce: 0xffffffffffffffffn }, fields: [['nonce', 'ffffffffffffffff']] },
  { message: { command: 'getaddr' }, fields: [] },
  {
    message: { command: 'addr', addresses: [{ time: 1_700_000_000, services: 1n, ip: '10.0.0.1', port: 8333 }] },
    fields: [
      ['count 1', '01'],
      ['time 1700000000', '00f15365'],
      ['services 1', '0100000000000000'],
      ['ip ::ffff:10.0.0.1', '00000000000000000000ffff0a000001'],
      ['port 8333 (big-endian)', '208d'],
    ],
  },
  {
    message: { command: 'inv', inventory: [{ type: 1, hash: hash(GENESIS_TXID_INTERNAL) }, { type: 2, hash: hash(GENESIS_HASH_INTERNAL) }] },
    fields: [
      ['count 2', '02'],
      ['type MSG_TX', '01000000'],
      ['genesis coinbase txid', GENESIS_TXID_INTERNAL],
      ['type MSG_BLOCK', '02000000'],
      ['regtest genesis hash', GENESIS_HASH_INTERNAL],
    ],
  },
  {
    message: { command: 'getdata', inventory: [{ type: 0x40000002, hash: hash(GENESIS_HASH_INTERNAL) }] },
    fields: [
      ['count 1', '01'],
      ['type MSG_WITNESS_BLOCK', '02000040'],
      ['regtest genesis hash', GENESIS_HASH_INTERNAL],
    ],
  },
  { message: { command: 'notfound', inventory: [] }, fields: [['count 0', '00']] },
  {
    message: { command: 'getheaders', version: 70016, locator: [hash(GENESIS_HASH_INTERNAL)], hashStop: Hash256.ZERO },
    fields: [
      ['version 70016', '80110100'],
      ['locator count 1', '01'],
      ['regtest genesis hash', GENESIS_HASH_INTERNAL],
      ['hash stop: none', ZERO_HASH],
    ],
  },
  {
    message: { command: 'getblocks', version: 70016, locator: [], hashStop: hash(GENESIS_HASH_INTERNAL) },
    fields: [
      ['version 70016', '80110100'],
      ['locator count 0', '00'],
      ['hash stop: regtest genesis', GENESIS_HASH_INTERNAL],
    ],
  },
  {
    message: { command: 'headers', headers: [genesisBlock.header] },
    fields: [
      ['count 1', '01'],
      ['regtest genesis header', REGTEST_GENESIS_HEADER],
      ['tx count 0', '00'],
    ],
  },
  {
    message: { command: 'block', block: genesisBlock },
    fields: [
      ['regtest genesis header', REGTEST_GENESIS_HEADER],
      ['tx count 1', '01'],
      ['coinbase', GENESIS_COINBASE],
    ],
  },
  { message: { command: 'tx', tx: genesisBlock.transactions[0] }, fields: [['genesis coinbase', GENESIS_COINBASE]] },
  { message: { command: 'mempool' }, fields: [] },
  {
    message: { command: 'reject', message: 'tx', code: 0x41, reason: 'dust', hash: hash(GENESIS_TXID_INTERNAL) },
    fields: [
      ['message "tx" (var_str)', '027478'],
      ['code REJECT_DUST', '41'],
      ['reason "dust" (var_str)', '0464757374'],
      ['txid', GENESIS_TXID_INTERNAL],
    ],
    // The hash of a tx/block rejection is optional on decode (bcoin sends none when unknown).
    validPrefixes: [9],
  },
  {
    message: { command: 'reject', message: 'version', code: 0x11, reason: 'obsolete' },
    fields: [
      ['message "version" (var_str)', '0776657273696f6e'],
      ['code REJECT_OBSOLETE', '11'],
      ['reason "obsolete" (var_str)', '086f62736f6c657465'],
    ],
  },
  { message: { command: 'sendheaders' }, fields: [] },
  { message: { command: 'feefilter', feeRate: 1000n }, fields: [['fee rate 1000 sat/kB', 'e803000000000000']] },
  {
    message: { command: 'sendcmpct', announce: true, version: 2n },
    fields: [
      ['announce true', '01'],
      ['version 2', '0200000000000000'],
    ],
  },
  { message: { command: 'wtxidrelay' }, fields: [] },
  { message: { command: 'sendaddrv2' }, fields: [] },
];

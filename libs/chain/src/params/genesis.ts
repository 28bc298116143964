import { Hash256, Transaction, blockHash, decodeBlock, decodeTransaction, type Block } from '@mbc/wire';

/**
 * The coinbase shared by the mainnet, testnet3, signet and regtest genesis blocks ("The Times
 * 03/Jan/2009 Chancellor on brink of second bailout for banks"), txid 4a5e1e4b…a33b.
 */
export const GENESIS_COINBASE_HEX =
  '01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000';

const GENESIS_MERKLE_ROOT = Hash256.fromHex('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');

/** A genesis block with the shared coinbase and the given header fields (Core's CreateGenesisBlock). */
export function genesisBlock(fields: { time: number; bits: number; nonce: number; version?: number }): Block {
  const coinbase: Transaction = decodeTransaction(Buffer.from(GENESIS_COINBASE_HEX, 'hex'));
  return {
    header: {
      version: fields.version ?? 1,
      prevBlock: Hash256.ZERO,
      merkleRoot: GENESIS_MERKLE_ROOT,
      time: fields.time,
      bits: fields.bits,
      nonce: fields.nonce,
    },
    transactions: [coinbase],
  };
}

/** Decodes an embedded genesis block and checks it hashes to the expected value. */
export function genesisFromHex(hex: string, expectedHash: string): { block: Block; hash: Hash256 } {
  return checkedGenesis(decodeBlock(Buffer.from(hex, 'hex')), expectedHash);
}

export function checkedGenesis(block: Block, expectedHash: string): { block: Block; hash: Hash256 } {
  const hash = blockHash(block.header);
  if (hash.toHex() !== expectedHash) throw new Error(`genesis hashes to ${hash.toHex()}, expected ${expectedHash}`);
  return { block, hash };
}

import { MAX_BLOCK_SERIALIZED_BYTES } from '../primitives/limits';
import { BufferReader } from '../primitives/reader';
import { BufferWriter, compactSizeLength } from '../primitives/writer';
import { BLOCK_HEADER_BYTES, BlockHeader, readBlockHeader, writeBlockHeader } from './block-header';
import { Transaction, readTransaction, transactionLength, writeTransaction } from './transaction';

export interface Block {
  readonly header: BlockHeader;
  readonly transactions: readonly Transaction[];
}

/** The smallest transaction encoding (no inputs/outputs is invalid, but bounds the count). */
const MIN_TX_BYTES = 10;

export function blockLength(block: Block): number {
  let n = BLOCK_HEADER_BYTES + compactSizeLength(block.transactions.length);
  for (const tx of block.transactions) n += transactionLength(tx);
  return n;
}

export function writeBlock(w: BufferWriter, block: Block): void {
  writeBlockHeader(w, block.header);
  w.compactSize(block.transactions.length);
  for (const tx of block.transactions) writeTransaction(w, tx);
}

export function readBlock(r: BufferReader): Block {
  const header = readBlockHeader(r);
  const count = r.count(Math.floor(MAX_BLOCK_SERIALIZED_BYTES / MIN_TX_BYTES), MIN_TX_BYTES);
  const transactions: Transaction[] = new Array(count);
  for (let k = 0; k < count; k++) transactions[k] = readTransaction(r);
  return { header, transactions };
}

export function encodeBlock(block: Block): Buffer {
  const w = new BufferWriter(blockLength(block));
  writeBlock(w, block);
  return w.finish();
}

export function decodeBlock(bytes: Buffer): Block {
  const r = new BufferReader(bytes);
  const block = readBlock(r);
  r.end();
  return block;
}

import { Hash256 } from '../primitives/hash';
import { BufferReader } from '../primitives/reader';
import { BufferWriter } from '../primitives/writer';
import { BLOCK_HASHES } from './hash-memo';

export const BLOCK_HEADER_BYTES = 80;

/** The 80-byte Bitcoin block header; `blockHash(header)` is hash256 of its serialization, computed once. */
export interface BlockHeader {
  readonly version: number;
  readonly prevBlock: Hash256;
  readonly merkleRoot: Hash256;
  /** Unix seconds (uint32). */
  readonly time: number;
  /** Compact target. */
  readonly bits: number;
  readonly nonce: number;
}

export function writeBlockHeader(w: BufferWriter, h: BlockHeader): void {
  w.i32le(h.version).hash(h.prevBlock).hash(h.merkleRoot).u32le(h.time).u32le(h.bits).u32le(h.nonce);
}

export function readBlockHeader(r: BufferReader): BlockHeader {
  return {
    version: r.i32le(),
    prevBlock: r.hash(),
    merkleRoot: r.hash(),
    time: r.u32le(),
    bits: r.u32le(),
    nonce: r.u32le(),
  };
}

export function encodeBlockHeader(h: BlockHeader): Buffer {
  const w = new BufferWriter(BLOCK_HEADER_BYTES);
  writeBlockHeader(w, h);
  return w.finish();
}

export function decodeBlockHeader(bytes: Buffer): BlockHeader {
  const r = new BufferReader(bytes);
  const header = readBlockHeader(r);
  r.end();
  return header;
}

/** hash256 of the 80-byte serialization, memoised per header object. */
export function blockHash(h: BlockHeader): Hash256 {
  return BLOCK_HASHES.get(h, (header) => Hash256.of(encodeBlockHeader(header)));
}

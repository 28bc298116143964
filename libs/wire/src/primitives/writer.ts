import { WireError, WireErrorCode } from '../errors';
import type { Hash256 } from './hash';

/** Bytes a CompactSize takes for n. */
export function compactSizeLength(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9;
}

/** Bytes a var_bytes field of n bytes takes. */
export function varBytesLength(n: number): number {
  return compactSizeLength(n) + n;
}

/**
 * Writer over a buffer allocated once at its exact final size (encoders compute the size first);
 * `finish()` asserts it was filled exactly, so a size/encode mismatch is caught at its source.
 */
export class BufferWriter {
  private offset = 0;
  readonly buf: Buffer;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Leaves n bytes to be filled in later (a frame header needs the payload's checksum first). */
  skip(n: number): this {
    this.offset += n;
    return this;
  }

  u8(v: number): this {
    this.offset = this.buf.writeUInt8(v, this.offset);
    return this;
  }

  u16le(v: number): this {
    this.offset = this.buf.writeUInt16LE(v, this.offset);
    return this;
  }

  u16be(v: number): this {
    this.offset = this.buf.writeUInt16BE(v, this.offset);
    return this;
  }

  u32le(v: number): this {
    this.offset = this.buf.writeUInt32LE(v >>> 0, this.offset);
    return this;
  }

  i32le(v: number): this {
    this.offset = this.buf.writeInt32LE(v, this.offset);
    return this;
  }

  u64le(v: bigint): this {
    this.offset = this.buf.writeBigUInt64LE(v, this.offset);
    return this;
  }

  i64le(v: bigint): this {
    this.offset = this.buf.writeBigInt64LE(v, this.offset);
    return this;
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }

  bytes(b: Uint8Array): this {
    this.buf.set(b, this.offset);
    this.offset += b.length;
    return this;
  }

  hash(h: Hash256): this {
    h.writeTo(this.buf, this.offset);
    this.offset += 32;
    return this;
  }

  compactSize(n: number): this {
    if (n < 0xfd) return this.u8(n);
    if (n <= 0xffff) return this.u8(0xfd).u16le(n);
    if (n <= 0xffffffff) return this.u8(0xfe).u32le(n);
    return this.u8(0xff).u64le(BigInt(n));
  }

  varBytes(b: Uint8Array): this {
    return this.compactSize(b.length).bytes(b);
  }

  varString(s: string): this {
    return this.varBytes(Buffer.from(s, 'utf8'));
  }

  finish(): Buffer {
    if (this.offset !== this.buf.length) {
      throw new WireError(WireErrorCode.InvalidValue, `encoder wrote ${this.offset} of ${this.buf.length} bytes`);
    }
    return this.buf;
  }
}

import { WireError, WireErrorCode } from '../errors';
import { Hash256, HASH_BYTES } from './hash';
import { MAX_SIZE } from './limits';

/**
 * Sequential little-endian reader over a buffer. Every read checks the remaining length first and
 * throws a WireError (never a RangeError), so a truncated input fails at the exact field.
 */
export class BufferReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  /** Reserves n bytes; `what` is a constant so the hot path builds no strings. */
  private need(n: number, what: string): number {
    if (this.buf.length - this.offset < n) {
      throw new WireError(WireErrorCode.Truncated, `${what} needs ${n} bytes, ${this.remaining} left`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8(): number {
    return this.buf[this.need(1, 'uint8')];
  }

  u16le(): number {
    return this.buf.readUInt16LE(this.need(2, 'uint16'));
  }

  /** Big-endian uint16: only the port of a network address is big-endian. */
  u16be(): number {
    return this.buf.readUInt16BE(this.need(2, 'uint16'));
  }

  u32le(): number {
    return this.buf.readUInt32LE(this.need(4, 'uint32'));
  }

  i32le(): number {
    return this.buf.readInt32LE(this.need(4, 'int32'));
  }

  u64le(): bigint {
    return this.buf.readBigUInt64LE(this.need(8, 'uint64'));
  }

  i64le(): bigint {
    return this.buf.readBigInt64LE(this.need(8, 'int64'));
  }

  bool(): boolean {
    return this.u8() !== 0;
  }

  /** A view (not a copy) of the next n bytes. */
  bytes(n: number): Buffer {
    const at = this.need(n, 'byte string');
    return this.buf.subarray(at, at + n);
  }

  /** A hash holding its own copy of the bytes: it may outlive the input. */
  hash(): Hash256 {
    return Hash256.readAt(this.buf, this.need(HASH_BYTES, 'hash'));
  }

  /** CompactSize, refusing non-shortest encodings and values above MAX_SIZE (serialize.h ReadCompactSize). */
  compactSize(max = MAX_SIZE): number {
    const first = this.u8();
    let value: number;
    if (first < 0xfd) {
      value = first;
    } else if (first === 0xfd) {
      value = this.u16le();
      if (value < 0xfd) throw nonCanonical(value);
    } else if (first === 0xfe) {
      value = this.u32le();
      if (value < 0x10000) throw nonCanonical(value);
    } else {
      const big = this.u64le();
      if (big < 0x100000000n) throw nonCanonical(big);
      throw new WireError(WireErrorCode.CompactSizeTooLarge, `${big} exceeds ${MAX_SIZE}`);
    }
    if (value > MAX_SIZE) {
      throw new WireError(WireErrorCode.CompactSizeTooLarge, `${value} exceeds ${MAX_SIZE}`);
    }
    if (value > max) {
      throw new WireError(WireErrorCode.CountTooLarge, `${value} exceeds the limit of ${max}`);
    }
    return value;
  }

  /** A CompactSize element count that must also fit in what is left (each element >= minBytes). */
  count(max: number, minBytesEach: number): number {
    const n = this.compactSize(max);
    if (n * minBytesEach > this.remaining) {
      throw new WireError(WireErrorCode.Truncated, `${n} entries need at least ${n * minBytesEach} bytes, ${this.remaining} left`);
    }
    return n;
  }

  varBytes(max = MAX_SIZE): Buffer {
    return this.bytes(this.compactSize(max));
  }

  varString(max = MAX_SIZE): string {
    const n = this.compactSize(Number.MAX_SAFE_INTEGER);
    if (n > max) throw new WireError(WireErrorCode.StringTooLong, `${n} bytes exceeds the limit of ${max}`);
    return this.bytes(n).toString('utf8');
  }

  /** Decoders call this last: leftover bytes are an error, as in btcd's ReadMessage. */
  end(): void {
    if (this.remaining !== 0) {
      throw new WireError(WireErrorCode.TrailingBytes, `${this.remaining} unread bytes`);
    }
  }
}

function nonCanonical(value: number | bigint): WireError {
  return new WireError(WireErrorCode.NonCanonicalCompactSize, `${value} is not in its shortest encoding`);
}

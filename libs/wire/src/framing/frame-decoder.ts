import { WireError, WireErrorCode } from '../errors';
import { Hash256, hash256 } from '../primitives/hash';
import { MAX_PROTOCOL_MESSAGE_LENGTH } from '../primitives/limits';
import { decodePayload, maxPayloadBytes } from '../messages/registry';
import type { WireMessage } from '../messages/types';
import { rememberSerializationHash } from '../types/transaction';
import { FRAME_HEADER_BYTES, MAGIC_BYTES, type FrameHeader, readFrameHeader } from './frame-header';

export type DecodeEvent =
  | { ok: true; message: WireMessage; command: string; /** frame bytes, header included */ size: number }
  | { ok: false; error: WireError; command?: string; /** the stream cannot be resynchronised */ fatal: boolean };

export interface FrameDecoderOptions {
  /** Network magic in wire order, e.g. regtest `fa bf b5 da`. */
  readonly magic: Buffer;
  /**
   * Most payload bytes held at once; frames declaring more are refused from their header
   * (fatal). Defaults to, and cannot exceed, MAX_PROTOCOL_MESSAGE_LENGTH.
   */
  readonly maxBufferedBytes?: number;
}

/**
 * Core reserves receive space 256 KiB at a time (V1Transport::readData) rather than trusting the
 * declared length: a peer announcing 4 MB and sending nothing costs us little.
 */
const RESERVE_STEP_BYTES = 256 * 1024;

/**
 * Streaming frame parser (bcoin's parser.js in spirit): `push` socket chunks of any size, get back
 * decoded messages and typed errors. Checks run in btcd ReadMessage's order on the header alone:
 * magic, command, global length cap (all fatal), the command's own cap (non-fatal: the payload is
 * skipped unbuffered); then checksum (non-fatal, frame dropped) and payload decode (non-fatal).
 * After a fatal error the stream is garbage and every later push returns nothing.
 *
 * Every payload is decoded from memory of its own (decoded scripts are views into it): copied
 * out of the chunk when it arrived whole, else gathered into one buffer that grows by doubling
 * up to the declared length (no O(n²) concatenation on 1-byte chunks). Chunks are not retained.
 */
export class FrameDecoder {
  private readonly magic: Buffer;
  private readonly maxBufferedBytes: number;
  private readonly headerScratch = Buffer.alloc(FRAME_HEADER_BYTES);
  private headerFilled = 0;
  /** The frame whose payload is being gathered, once its header has been read. */
  private frame: FrameHeader | undefined;
  private payload: Buffer | undefined;
  private payloadFilled = 0;
  /** Bytes of a refused payload still to discard. */
  private skipBytes = 0;
  private failed = false;

  constructor(options: FrameDecoderOptions) {
    if (options.magic.length !== MAGIC_BYTES) throw new WireError(WireErrorCode.BadMagic, `magic must be ${MAGIC_BYTES} bytes`);
    this.magic = Buffer.from(options.magic);
    this.maxBufferedBytes = Math.min(options.maxBufferedBytes ?? MAX_PROTOCOL_MESSAGE_LENGTH, MAX_PROTOCOL_MESSAGE_LENGTH);
  }

  /** True after a fatal error: the connection should be closed. */
  get closed(): boolean {
    return this.failed;
  }

  /** Bytes currently held for an incomplete frame. */
  get bufferedBytes(): number {
    return this.headerFilled + this.payloadFilled;
  }

  push(chunk: Buffer): DecodeEvent[] {
    const events: DecodeEvent[] = [];
    let at = 0;
    while (at < chunk.length && !this.failed) {
      if (this.skipBytes > 0) {
        const n = Math.min(this.skipBytes, chunk.length - at);
        this.skipBytes -= n;
        at += n;
      } else if (this.frame) {
        at = this.takePayload(chunk, at, this.frame, events);
      } else {
        at = this.takeHeader(chunk, at, events);
      }
    }
    return events;
  }

  private takeHeader(chunk: Buffer, at: number, events: DecodeEvent[]): number {
    let header: Buffer;
    if (this.headerFilled === 0 && chunk.length - at >= FRAME_HEADER_BYTES) {
      header = chunk.subarray(at, at + FRAME_HEADER_BYTES);
      at += FRAME_HEADER_BYTES;
    } else {
      const n = chunk.copy(this.headerScratch, this.headerFilled, at, at + FRAME_HEADER_BYTES - this.headerFilled);
      this.headerFilled += n;
      at += n;
      if (this.headerFilled < FRAME_HEADER_BYTES) return at;
      this.headerFilled = 0;
      header = this.headerScratch;
    }
    this.onHeader(header, events);
    return at;
  }

  private onHeader(header: Buffer, events: DecodeEvent[]): void {
    if (!this.magic.equals(header.subarray(0, MAGIC_BYTES))) {
      const got = header.toString('hex', 0, MAGIC_BYTES);
      return this.fail(events, new WireError(WireErrorCode.BadMagic, `got ${got}, expected ${this.magic.toString('hex')}`));
    }
    let frame: FrameHeader;
    try {
      frame = readFrameHeader(header);
    } catch (err) {
      return this.fail(events, err as WireError);
    }
    const { command, payloadLength } = frame;
    if (payloadLength > this.maxBufferedBytes) {
      const error = new WireError(WireErrorCode.PayloadTooLarge, `declared ${payloadLength} bytes exceeds ${this.maxBufferedBytes}`, command);
      return this.fail(events, error, command);
    }
    const ownMax = maxPayloadBytes(command);
    if (payloadLength > ownMax) {
      const error = new WireError(WireErrorCode.PayloadTooLarge, `declared ${payloadLength} bytes exceeds the ${command} limit of ${ownMax}`, command);
      events.push({ ok: false, error, command, fatal: false });
      this.skipBytes = payloadLength;
      return;
    }
    if (payloadLength === 0) return this.onPayload(frame, Buffer.alloc(0), events);
    this.frame = frame;
  }

  private takePayload(chunk: Buffer, at: number, frame: FrameHeader, events: DecodeEvent[]): number {
    const length = frame.payloadLength;
    if (this.payloadFilled === 0 && chunk.length - at >= length) {
      this.frame = undefined;
      // A copy, not a view: decoded scripts point into the payload, and a mempool tx must not
      // keep the whole 64 KiB socket chunk it arrived in alive.
      this.onPayload(frame, Buffer.from(chunk.subarray(at, at + length)), events);
      return at + length;
    }
    const n = Math.min(length - this.payloadFilled, chunk.length - at);
    const payload = this.reserve(this.payloadFilled + n, length);
    chunk.copy(payload, this.payloadFilled, at, at + n);
    this.payloadFilled += n;
    if (this.payloadFilled === length) {
      this.frame = undefined;
      this.payload = undefined;
      this.payloadFilled = 0;
      this.onPayload(frame, payload, events);
    }
    return at + n;
  }

  /** The gathering buffer, grown (by doubling, in 256 KiB steps at least) to hold `needed` bytes. */
  private reserve(needed: number, length: number): Buffer {
    const current = this.payload;
    if (current && current.length >= needed) return current;
    const size = Math.min(length, Math.max(needed, (current?.length ?? 0) * 2, RESERVE_STEP_BYTES));
    const grown = Buffer.allocUnsafe(size);
    current?.copy(grown, 0, 0, this.payloadFilled);
    this.payload = grown;
    return grown;
  }

  private onPayload(frame: FrameHeader, payload: Buffer, events: DecodeEvent[]): void {
    const { command } = frame;
    const digest = hash256(payload);
    if (digest.readUInt32LE(0) !== frame.checksum) {
      const error = new WireError(WireErrorCode.BadChecksum, 'payload does not match the header checksum', command);
      events.push({ ok: false, error, command, fatal: false });
      return;
    }
    try {
      const message = decodePayload(command, payload);
      // A tx payload is the transaction's full serialization: its checksum digest is the wtxid.
      if (message.command === 'tx') rememberSerializationHash(message.tx, Hash256.adopt(digest));
      events.push({ ok: true, message, command, size: FRAME_HEADER_BYTES + payload.length });
    } catch (err) {
      events.push({ ok: false, error: err as WireError, command, fatal: false });
    }
  }

  private fail(events: DecodeEvent[], error: WireError, command?: string): void {
    this.failed = true;
    this.frame = undefined;
    this.payload = undefined;
    events.push(command === undefined ? { ok: false, error, fatal: true } : { ok: false, error, command, fatal: true });
  }
}

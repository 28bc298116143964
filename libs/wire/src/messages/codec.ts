import { WireError, WireErrorCode } from '../errors';
import type { BufferReader } from '../primitives/reader';
import type { BufferWriter } from '../primitives/writer';
import type { Command, UnknownMessage, WireMessage } from './types';

/** Commands with a codec of their own; anything else decodes as an `unknown` message. */
export type KnownCommand = Exclude<Command, 'unknown'>;
export type KnownMessage = Exclude<WireMessage, UnknownMessage>;

/**
 * How one message type travels (btcd's Message interface: BtcDecode, BtcEncode, Command,
 * MaxPayloadLength). Encoders compute the exact size first so the frame is allocated once.
 */
export interface MessageCodec<M extends { readonly command: KnownCommand } = KnownMessage> {
  readonly command: M['command'];
  /** Largest payload this command may declare; a bigger frame is refused from its header alone. */
  readonly maxPayloadBytes: number;
  /** Exact payload size; refuses a message over its limits before anything is allocated. */
  payloadLength(msg: M): number;
  write(w: BufferWriter, msg: M): void;
  /** Reads the payload fields; the registry then refuses leftover bytes. */
  read(r: BufferReader): M;
}

/** Encoders enforce the same count limits as decoders, as btcd does, so we never send what peers refuse. */
export function checkCount(count: number, max: number, what: string): void {
  if (count > max) throw new WireError(WireErrorCode.CountTooLarge, `${count} ${what} exceeds the limit of ${max}`);
}

/** Byte length of a var_str, refusing one longer than `max` bytes. */
export function varStringLength(s: string, max: number, what: string): number {
  const n = Buffer.byteLength(s, 'utf8');
  if (n > max) throw new WireError(WireErrorCode.StringTooLong, `${what} of ${n} bytes exceeds the limit of ${max}`);
  return n;
}

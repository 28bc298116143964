import { WireError, WireErrorCode } from '../errors';
import { MAX_PROTOCOL_MESSAGE_LENGTH } from '../primitives/limits';
import { BufferReader } from '../primitives/reader';
import { BufferWriter } from '../primitives/writer';
import { addrCodec } from './addr';
import { blockCodec } from './block';
import type { KnownCommand, MessageCodec } from './codec';
import { feefilterCodec } from './feefilter';
import { getaddrCodec } from './getaddr';
import { getblocksCodec } from './getblocks';
import { getdataCodec } from './getdata';
import { getheadersCodec } from './getheaders';
import { headersCodec } from './headers';
import { invCodec } from './inv';
import { mempoolCodec } from './mempool';
import { notfoundCodec } from './notfound';
import { pingCodec } from './ping';
import { pongCodec } from './pong';
import { rejectCodec } from './reject';
import { sendaddrv2Codec } from './sendaddrv2';
import { sendcmpctCodec } from './sendcmpct';
import { sendheadersCodec } from './sendheaders';
import { txCodec } from './tx';
import type { MessageOf, WireMessage } from './types';
import { verackCodec } from './verack';
import { versionCodec } from './version';
import { wtxidrelayCodec } from './wtxidrelay';

/** Every command we implement, by its wire name. The mapped type makes a missing codec a compile error. */
const CODECS: { readonly [C in KnownCommand]: MessageCodec<MessageOf<C>> } = {
  version: versionCodec,
  verack: verackCodec,
  ping: pingCodec,
  pong: pongCodec,
  getaddr: getaddrCodec,
  addr: addrCodec,
  inv: invCodec,
  getdata: getdataCodec,
  notfound: notfoundCodec,
  getheaders: getheadersCodec,
  getblocks: getblocksCodec,
  headers: headersCodec,
  block: blockCodec,
  tx: txCodec,
  mempool: mempoolCodec,
  reject: rejectCodec,
  sendheaders: sendheadersCodec,
  feefilter: feefilterCodec,
  sendcmpct: sendcmpctCodec,
  wtxidrelay: wtxidrelayCodec,
  sendaddrv2: sendaddrv2Codec,
};

/** A Map, not the object: a peer's command "constructor" or "__proto__" must not find a codec. */
const BY_NAME: ReadonlyMap<string, MessageCodec> = new Map(Object.values(CODECS).map((c) => [c.command, c as MessageCodec]));

/** The codec for a wire command name, or undefined for commands we don't implement. */
export function codecFor(command: string): MessageCodec | undefined {
  return BY_NAME.get(command);
}

/** The wire command name a message is framed with. */
export function commandName(msg: WireMessage): string {
  return msg.command === 'unknown' ? msg.name : msg.command;
}

/** Largest payload a command may declare: its own limit, or the protocol's for unknown commands. */
export function maxPayloadBytes(command: string): number {
  return codecFor(command)?.maxPayloadBytes ?? MAX_PROTOCOL_MESSAGE_LENGTH;
}

/** Exact payload size of a message; throws a WireError naming the command if it breaks a limit. */
export function payloadLength(msg: WireMessage): number {
  try {
    return msg.command === 'unknown' ? msg.payload.length : (CODECS[msg.command] as MessageCodec).payloadLength(msg);
  } catch (err) {
    throw attribute(err, commandName(msg));
  }
}

/** Writes a message's payload; `payloadLength(msg)` bytes must be free in the writer. */
export function writePayload(w: BufferWriter, msg: WireMessage): void {
  try {
    if (msg.command === 'unknown') w.bytes(msg.payload);
    else (CODECS[msg.command] as MessageCodec).write(w, msg);
  } catch (err) {
    // e.g. a uint32 field out of range: Node's RangeError becomes a typed error naming the command
    throw attribute(err, commandName(msg));
  }
}

export function encodePayload(msg: WireMessage): Buffer {
  const w = new BufferWriter(payloadLength(msg));
  writePayload(w, msg);
  return w.finish();
}

/**
 * Decodes a payload of `command`. Fails with a WireError naming the command on truncation, limits,
 * non-canonical sizes or leftover bytes (btcd ReadMessage). Decoded scripts, witness items and
 * unknown payloads are views into `payload`: don't modify or reuse that memory afterwards.
 */
export function decodePayload(command: string, payload: Buffer): WireMessage {
  const codec = codecFor(command);
  if (!codec) return { command: 'unknown', name: command, payload };
  try {
    if (payload.length > codec.maxPayloadBytes) {
      throw new WireError(WireErrorCode.PayloadTooLarge, `${payload.length} bytes exceeds the limit of ${codec.maxPayloadBytes}`);
    }
    const r = new BufferReader(payload);
    const msg = codec.read(r);
    r.end();
    return msg;
  } catch (err) {
    throw attribute(err, command);
  }
}

/** A WireError naming the command; anything else escaping a codec is a bug, still reported typed. */
function attribute(err: unknown, command: string): WireError {
  if (err instanceof WireError) return err.withCommand(command);
  return new WireError(WireErrorCode.InvalidValue, err instanceof Error ? err.message : String(err), command);
}

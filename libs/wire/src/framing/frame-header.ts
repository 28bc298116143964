import { WireError, WireErrorCode } from '../errors';
import { hash256 } from '../primitives/hash';
import { COMMAND_BYTES } from '../primitives/limits';

/** magic (4) · command (12) · payload length (4) · checksum (4). */
export const FRAME_HEADER_BYTES = 24;
export const MAGIC_BYTES = 4;
const COMMAND_OFFSET = 4;
const LENGTH_OFFSET = 16;
const CHECKSUM_OFFSET = 20;

export interface FrameHeader {
  readonly command: string;
  readonly payloadLength: number;
  /** First 4 bytes of hash256(payload) as a little-endian uint32. */
  readonly checksum: number;
}

/** First 4 bytes of hash256(payload), read as a little-endian uint32 (an empty payload gives 0xe2e0f65d). */
export function payloadChecksum(payload: Uint8Array): number {
  return hash256(payload).readUInt32LE(0);
}

/** Writes the 24-byte header for a payload into `frame`, which holds the payload from byte 24 on. */
export function writeFrameHeader(frame: Buffer, magic: Buffer, command: string): void {
  const payload = frame.subarray(FRAME_HEADER_BYTES);
  magic.copy(frame, 0, 0, MAGIC_BYTES);
  frame.fill(0, COMMAND_OFFSET, LENGTH_OFFSET);
  frame.write(command, COMMAND_OFFSET, COMMAND_BYTES, 'latin1');
  frame.writeUInt32LE(payload.length, LENGTH_OFFSET);
  frame.writeUInt32LE(payloadChecksum(payload), CHECKSUM_OFFSET);
}

/** Refuses a command we could not frame: the same rule the decoder applies to received ones. */
export function checkCommandName(command: string): void {
  if (command.length > COMMAND_BYTES || !/^[\x20-\x7e]*$/.test(command)) {
    throw new WireError(WireErrorCode.BadCommand, `cannot frame command ${JSON.stringify(command)}`);
  }
}

/**
 * Reads a 24-byte header (magic already checked). The command must be printable ASCII padded with
 * NULs only (Core CMessageHeader::IsMessageTypeValid); anything else means the stream is garbage.
 */
export function readFrameHeader(header: Buffer): FrameHeader {
  let end = COMMAND_OFFSET;
  while (end < LENGTH_OFFSET && header[end] !== 0) {
    const c = header[end];
    if (c < 0x20 || c > 0x7e) throw new WireError(WireErrorCode.BadCommand, `non-printable byte 0x${c.toString(16)} in command`);
    end++;
  }
  for (let k = end; k < LENGTH_OFFSET; k++) {
    if (header[k] !== 0) throw new WireError(WireErrorCode.BadCommand, 'non-NUL byte after the command terminator');
  }
  return {
    command: header.toString('latin1', COMMAND_OFFSET, end),
    payloadLength: header.readUInt32LE(LENGTH_OFFSET),
    checksum: header.readUInt32LE(CHECKSUM_OFFSET),
  };
}

import { WireError, WireErrorCode } from '../errors';
import { MAX_PROTOCOL_MESSAGE_LENGTH } from '../primitives/limits';
import { BufferWriter } from '../primitives/writer';
import { commandName, payloadLength, writePayload } from '../messages/registry';
import type { WireMessage } from '../messages/types';
import { FRAME_HEADER_BYTES, MAGIC_BYTES, checkCommandName, writeFrameHeader } from './frame-header';

/**
 * A complete frame: the payload size is computed first, one buffer is allocated, the payload is
 * written after the header space and the header (with its checksum) is filled in last.
 * Throws a WireError naming the command if the message breaks a protocol limit.
 */
export function encodeFrame(magic: Buffer, msg: WireMessage): Buffer {
  const command = commandName(msg);
  checkCommandName(command);
  if (magic.length !== MAGIC_BYTES) throw new WireError(WireErrorCode.BadMagic, `magic must be ${MAGIC_BYTES} bytes`, command);
  const length = payloadLength(msg);
  if (length > MAX_PROTOCOL_MESSAGE_LENGTH) {
    throw new WireError(WireErrorCode.PayloadTooLarge, `${length} bytes exceeds ${MAX_PROTOCOL_MESSAGE_LENGTH}`, command);
  }
  const w = new BufferWriter(FRAME_HEADER_BYTES + length);
  w.skip(FRAME_HEADER_BYTES);
  writePayload(w, msg);
  const frame = w.finish();
  writeFrameHeader(frame, magic, command);
  return frame;
}

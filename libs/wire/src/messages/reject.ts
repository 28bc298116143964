import { WireError, WireErrorCode } from '../errors';
import { HASH_BYTES } from '../primitives/hash';
import { COMMAND_BYTES, MAX_REJECT_MESSAGE_BYTES } from '../primitives/limits';
import { compactSizeLength, varBytesLength } from '../primitives/writer';
import { type MessageCodec, varStringLength } from './codec';
import type { MessageOf } from './types';

/** Rejections of these commands name the object refused by its 32-byte hash. */
const COMMANDS_WITH_HASH: ReadonlySet<string> = new Set(['tx', 'block']);

/**
 * reject (BIP61): the rejected command (at most COMMAND_SIZE bytes), a code, a reason (at most
 * MAX_REJECT_MESSAGE_LENGTH bytes, as Core and bcoin bound it) and, for tx and block, the hash.
 * Like bcoin we accept a tx/block rejection without the hash; btcd and Core (before 0.20) send it.
 */
export const rejectCodec: MessageCodec<MessageOf<'reject'>> = {
  command: 'reject',
  maxPayloadBytes:
    compactSizeLength(COMMAND_BYTES) + COMMAND_BYTES + 1 + compactSizeLength(MAX_REJECT_MESSAGE_BYTES) + MAX_REJECT_MESSAGE_BYTES + HASH_BYTES,
  payloadLength: (msg) => {
    if (msg.hash && !COMMANDS_WITH_HASH.has(msg.message)) {
      throw new WireError(WireErrorCode.InvalidValue, `a reject of ${msg.message} carries no hash`);
    }
    const message = varStringLength(msg.message, COMMAND_BYTES, 'rejected command');
    const reason = varStringLength(msg.reason, MAX_REJECT_MESSAGE_BYTES, 'reject reason');
    return varBytesLength(message) + 1 + varBytesLength(reason) + (msg.hash ? HASH_BYTES : 0);
  },
  write: (w, msg) => {
    w.varString(msg.message).u8(msg.code).varString(msg.reason);
    if (msg.hash) w.hash(msg.hash);
  },
  read: (r) => {
    const message = r.varString(COMMAND_BYTES);
    const code = r.u8();
    const reason = r.varString(MAX_REJECT_MESSAGE_BYTES);
    if (COMMANDS_WITH_HASH.has(message) && r.remaining > 0) return { command: 'reject', message, code, reason, hash: r.hash() };
    return { command: 'reject', message, code, reason };
  },
};

import { MAX_ADDR_ENTRIES } from '../primitives/limits';
import { TIMED_NET_ADDRESS_BYTES, type TimedNetAddress, readTimedNetAddress, writeTimedNetAddress } from '../primitives/net-address';
import { compactSizeLength } from '../primitives/writer';
import { type MessageCodec, checkCount } from './codec';
import type { MessageOf } from './types';

/** addr: up to 1,000 timed addresses (Core MAX_ADDR_TO_SEND; more is misbehaviour). */
export const addrCodec: MessageCodec<MessageOf<'addr'>> = {
  command: 'addr',
  maxPayloadBytes: compactSizeLength(MAX_ADDR_ENTRIES) + MAX_ADDR_ENTRIES * TIMED_NET_ADDRESS_BYTES,
  payloadLength: (msg) => {
    checkCount(msg.addresses.length, MAX_ADDR_ENTRIES, 'addresses');
    return compactSizeLength(msg.addresses.length) + msg.addresses.length * TIMED_NET_ADDRESS_BYTES;
  },
  write: (w, msg) => {
    w.compactSize(msg.addresses.length);
    for (const a of msg.addresses) writeTimedNetAddress(w, a);
  },
  read: (r) => {
    const count = r.count(MAX_ADDR_ENTRIES, TIMED_NET_ADDRESS_BYTES);
    const addresses: TimedNetAddress[] = new Array(count);
    for (let k = 0; k < count; k++) addresses[k] = readTimedNetAddress(r);
    return { command: 'addr', addresses };
  },
};

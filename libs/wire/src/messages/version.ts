import { MAX_USER_AGENT_BYTES } from '../primitives/limits';
import { NET_ADDRESS_BYTES, readNetAddress, writeNetAddress } from '../primitives/net-address';
import { compactSizeLength } from '../primitives/writer';
import { type MessageCodec, varStringLength } from './codec';
import type { MessageOf } from './types';

/** version, nonce, services, timestamp, two addresses, nonce and start height around the user agent. */
const FIXED_BYTES = 4 + 8 + 8 + NET_ADDRESS_BYTES * 2 + 8 + 4;
const RELAY_BYTES = 1;

/**
 * version: opens the handshake. The relay flag (BIP37) arrived with protocol 70001; Core reads it
 * only when bytes remain, so an absent flag means "relay" (true). We always send it.
 */
export const versionCodec: MessageCodec<MessageOf<'version'>> = {
  command: 'version',
  maxPayloadBytes: FIXED_BYTES + compactSizeLength(MAX_USER_AGENT_BYTES) + MAX_USER_AGENT_BYTES + RELAY_BYTES,
  payloadLength: (msg) => {
    const agent = varStringLength(msg.userAgent, MAX_USER_AGENT_BYTES, 'user agent');
    return FIXED_BYTES + compactSizeLength(agent) + agent + RELAY_BYTES;
  },
  write: (w, msg) => {
    w.i32le(msg.version).u64le(msg.services).i64le(msg.timestamp);
    writeNetAddress(w, msg.addrRecv);
    writeNetAddress(w, msg.addrFrom);
    w.u64le(msg.nonce).varString(msg.userAgent).i32le(msg.startHeight).bool(msg.relay);
  },
  read: (r) => ({
    command: 'version',
    version: r.i32le(),
    services: r.u64le(),
    timestamp: r.i64le(),
    addrRecv: readNetAddress(r),
    addrFrom: readNetAddress(r),
    nonce: r.u64le(),
    userAgent: r.varString(MAX_USER_AGENT_BYTES),
    startHeight: r.i32le(),
    relay: r.remaining > 0 ? r.bool() : true,
  }),
};

import type { Hash256 } from '@mbc/wire';

import type { HandshakeOutcome } from './net/peer-manager';
import type { DisconnectReason } from './peer/disconnect-reason';
import type { MisbehaviourReason } from './peer/misbehaviour';
import type { PeerInfo } from './peer/peer-info';
import type { SyncState } from './sync/sync-state';

/**
 * Events of `P2PNode.events`. Payloads carry a peer's id/address at most: metrics built on them
 * must label by bounded values (command, reason, outcome), never by peer.
 */
export interface P2PEvents {
  peerConnected: PeerInfo;
  peerDisconnected: { id: number; address: string; reason: DisconnectReason };
  peerBanned: { address: string; reason: string };
  handshake: { outcome: HandshakeOutcome };
  misbehaviour: { id: number; address: string; reason: MisbehaviourReason; score: number };
  /** `bytes` is the whole frame, header included. */
  messageReceived: { command: string; bytes: number };
  messageSent: { command: string; bytes: number };
  syncProgress: SyncState;
  /** The first time we heard of a block (inv, headers or the block itself). */
  blockAnnounced: { hash: Hash256; firstSeenMs: number };
  /** A new tip was announced to `peers` peers. */
  blockRelayed: { hash: Hash256; height: number; peers: number };
  /** One inv of `count` transactions went out. */
  txRelayed: { count: number };
  pingLatency: { seconds: number };
}

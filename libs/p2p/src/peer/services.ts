import { InvType } from '@mbc/wire';

import { NODE_NETWORK, NODE_NETWORK_LIMITED, NODE_WITNESS } from '../constants';
import type { Peer } from './peer';

function services(peer: Peer): bigint {
  return peer.remoteVersion?.services ?? 0n;
}

/** net_processing.cpp CanServeBlocks: NODE_NETWORK or NODE_NETWORK_LIMITED. */
export function canServeBlocks(peer: Peer): boolean {
  return (services(peer) & (NODE_NETWORK | NODE_NETWORK_LIMITED)) !== 0n;
}

/** IsLimitedPeer: only the last NODE_NETWORK_LIMITED_MIN_BLOCKS blocks are available from it. */
export function isLimitedPeer(peer: Peer): boolean {
  return (services(peer) & NODE_NETWORK) === 0n && (services(peer) & NODE_NETWORK_LIMITED) !== 0n;
}

/** CanServeWitnesses: NODE_WITNESS. */
export function canServeWitnesses(peer: Peer): boolean {
  return (services(peer) & NODE_WITNESS) !== 0n;
}

/**
 * Core's GetFetchFlags: getdata to a NODE_WITNESS peer sets MSG_WITNESS_FLAG, so blocks and
 * transactions arrive with their witness data (MSG_WITNESS_BLOCK 0x40000002, MSG_WITNESS_TX 0x40000001).
 */
export function fetchType(peer: Peer, type: InvType.Block | InvType.Tx): number {
  return canServeWitnesses(peer) ? type | InvType.WitnessFlag : type;
}

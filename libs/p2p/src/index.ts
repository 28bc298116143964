// @mbc/p2p: Bitcoin P2P engine — peers, connections, bans, address book, headers-first sync and
// relay, behind the P2PNode facade. No NestJS here (apps/node composes it).
export * from './errors';
export * from './config';
export * from './constants';
export * from './logger';
export * from './events';
export * from './p2p-node';
export * from './net/endpoint';
export { PeerManager, type HandshakeOutcome } from './net/peer-manager';
export * from './peer/peer';
export * from './peer/peer-info';
export * from './peer/misbehaviour';
export * from './peer/disconnect-reason';
export * from './bans/ban-list';
export * from './addr/address-book';
export * from './sync/sync-state';

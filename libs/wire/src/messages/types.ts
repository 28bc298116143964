import type { Hash256 } from '../primitives/hash';
import type { NetAddress, TimedNetAddress } from '../primitives/net-address';
import type { Block } from '../types/block';
import type { BlockHeader } from '../types/block-header';
import type { Transaction } from '../types/transaction';

/** Inventory types (protocol.h GetDataMsg). */
export enum InvType {
  Error = 0,
  Tx = 1,
  Block = 2,
  FilteredBlock = 3,
  CmpctBlock = 4,
  WitnessTx = 5,
  WitnessFlag = 1 << 30,
  WitnessBlock = (1 << 30) | 2,
  WitnessTxLegacy = (1 << 30) | 1,
}

export interface InvVector {
  readonly type: number;
  readonly hash: Hash256;
}

/** BIP61 reject codes. */
export enum RejectCode {
  Malformed = 0x01,
  Invalid = 0x10,
  Obsolete = 0x11,
  Duplicate = 0x12,
  Nonstandard = 0x40,
  Dust = 0x41,
  InsufficientFee = 0x42,
  Checkpoint = 0x43,
}

export interface VersionMessage {
  readonly command: 'version';
  readonly version: number;
  readonly services: bigint;
  /** Unix seconds (int64 on the wire). */
  readonly timestamp: bigint;
  readonly addrRecv: NetAddress;
  readonly addrFrom: NetAddress;
  readonly nonce: bigint;
  readonly userAgent: string;
  readonly startHeight: number;
  /** BIP37 fRelay; absent in very old peers, which means true. */
  readonly relay: boolean;
}

export interface EmptyMessage<C extends string> {
  readonly command: C;
}

export interface NonceMessage<C extends 'ping' | 'pong'> {
  readonly command: C;
  readonly nonce: bigint;
}

export interface AddrMessage {
  readonly command: 'addr';
  readonly addresses: readonly TimedNetAddress[];
}

export interface InventoryMessage<C extends 'inv' | 'getdata' | 'notfound'> {
  readonly command: C;
  readonly inventory: readonly InvVector[];
}

export interface LocatorMessage<C extends 'getheaders' | 'getblocks'> {
  readonly command: C;
  readonly version: number;
  readonly locator: readonly Hash256[];
  /** Hash256.ZERO means "as many as allowed". */
  readonly hashStop: Hash256;
}

export interface HeadersMessage {
  readonly command: 'headers';
  readonly headers: readonly BlockHeader[];
}

export interface BlockMessage {
  readonly command: 'block';
  readonly block: Block;
}

export interface TxMessage {
  readonly command: 'tx';
  readonly tx: Transaction;
}

export interface RejectMessage {
  readonly command: 'reject';
  /** The command of the message being rejected. */
  readonly message: string;
  readonly code: RejectCode | number;
  readonly reason: string;
  /** Present for rejected tx and block messages. */
  readonly hash?: Hash256;
}

export interface FeeFilterMessage {
  readonly command: 'feefilter';
  /** Satoshis per 1000 bytes. */
  readonly feeRate: bigint;
}

export interface SendCmpctMessage {
  readonly command: 'sendcmpct';
  readonly announce: boolean;
  readonly version: bigint;
}

/** A well-framed message whose command we don't implement (sendtxrcncl, addrv2, cmpctblock, …). */
export interface UnknownMessage {
  readonly command: 'unknown';
  readonly name: string;
  readonly payload: Buffer;
}

export type WireMessage =
  | VersionMessage
  | EmptyMessage<'verack'>
  | EmptyMessage<'getaddr'>
  | EmptyMessage<'mempool'>
  | EmptyMessage<'sendheaders'>
  | EmptyMessage<'wtxidrelay'>
  | EmptyMessage<'sendaddrv2'>
  | NonceMessage<'ping'>
  | NonceMessage<'pong'>
  | AddrMessage
  | InventoryMessage<'inv'>
  | InventoryMessage<'getdata'>
  | InventoryMessage<'notfound'>
  | LocatorMessage<'getheaders'>
  | LocatorMessage<'getblocks'>
  | HeadersMessage
  | BlockMessage
  | TxMessage
  | RejectMessage
  | FeeFilterMessage
  | SendCmpctMessage
  | UnknownMessage;

export type Command = WireMessage['command'];

/** The message type for a command, e.g. `MessageOf<'inv'>`. */
export type MessageOf<C extends Command> = Extract<WireMessage, { command: C }>;

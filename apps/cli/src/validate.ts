import { isIP } from 'node:net';

import { invalidArgument } from './errors';

/**
 * Client-side checks, so an obvious typo is reported (exit 2, naming the argument) without a
 * round trip. They mirror the node's own DTO rules; the node still validates everything.
 */
const HASH = /^[0-9a-fA-F]{64}$/;
const HEIGHT = /^\d{1,10}$/;
const UINT32_MAX = 0xffff_ffff;

export function hash(argument: string, value: string): string {
  if (!HASH.test(value)) throw invalidArgument(argument, `"${value}" is not a 64-hex-character hash`);
  return value.toLowerCase();
}

/** A block height or hash, as GetBlock and GetHeaders take it. */
export function hashOrHeight(argument: string, value: string): string {
  if (HASH.test(value)) return value.toLowerCase();
  if (HEIGHT.test(value) && Number(value) <= 0x7fff_ffff) return String(Number(value));
  throw invalidArgument(argument, `"${value}" is neither a block height nor a 64-hex-character hash`);
}

/** A decimal integer within [min, max]. */
export function integer(argument: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw invalidArgument(argument, `"${value}" is not an integer in ${min}..${max}`);
  }
  return Number(value);
}

export function uint32(argument: string, value: string): number {
  return integer(argument, value, 0, UINT32_MAX);
}

/** `host:port` or `[ipv6]:port`, port 1..65535 (the form the node's --connect and AddPeer take). */
const HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export function hostPort(argument: string, value: string): string {
  const port = Number(HOST_PORT.exec(value)?.[1] ?? 0);
  if (port < 1 || port > 65535) throw invalidArgument(argument, `"${value}" is not host:port (port 1..65535; IPv6 as [addr]:port)`);
  return value;
}

/** Bans are per IP address, as in Core's setban. */
export function ipAddress(argument: string, value: string): string {
  if (isIP(value) === 0) throw invalidArgument(argument, `"${value}" is not an IPv4 or IPv6 address`);
  return value;
}

export function evenHex(argument: string, value: string): string {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(value)) throw invalidArgument(argument, 'expected a non-empty, even-length hex string');
  return value.toLowerCase();
}

import { isIPv4, isIPv6 } from 'node:net';

import { WireError, WireErrorCode } from '../errors';
import type { BufferReader } from './reader';
import type { BufferWriter } from './writer';

/** A network address as in version messages: services, IP and port (no time field). */
export interface NetAddress {
  readonly services: bigint;
  /** Textual IP: dotted IPv4 for IPv4-mapped addresses, otherwise compressed IPv6. */
  readonly ip: string;
  readonly port: number;
}

/** A network address with its last-seen time, as in addr messages. */
export interface TimedNetAddress extends NetAddress {
  /** Unix seconds (uint32). */
  readonly time: number;
}

export const NET_ADDRESS_BYTES = 26;
export const TIMED_NET_ADDRESS_BYTES = 30;

const IPV4_MAPPED_PREFIX = Buffer.from('00000000000000000000ffff', 'hex');

/** 16 bytes of IPv6; IPv4 becomes the IPv4-mapped `::ffff:a.b.c.d` (Core's CNetAddr serialization). */
export function ipToBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.concat([IPV4_MAPPED_PREFIX, Buffer.from(ip.split('.').map(Number))]);
  const address = ip.split('%')[0]; // a zone id (fe80::1%eth0) has no place on the wire
  if (!isIPv6(address)) throw new WireError(WireErrorCode.InvalidValue, `not an IP address: ${ip}`);
  const groups = ipv6Groups(address);
  const out = Buffer.alloc(16);
  groups.forEach((g, k) => out.writeUInt16BE(g, k * 2));
  return out;
}

/** The eight 16-bit groups of a valid IPv6 text, expanding `::` and a dotted-quad tail. */
function ipv6Groups(ip: string): number[] {
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!isIPv4(g)) return [parseInt(g, 16)];
          const [a, b, c, d] = g.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const gap = ip.indexOf('::');
  if (gap < 0) return parse(ip);
  const left = parse(ip.slice(0, gap));
  const right = parse(ip.slice(gap + 2));
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

export function bytesToIp(bytes: Buffer): string {
  if (bytes.subarray(0, 12).equals(IPV4_MAPPED_PREFIX)) {
    return `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  const groups: string[] = [];
  for (let k = 0; k < 16; k += 2) groups.push(bytes.readUInt16BE(k).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLen = 0;
  for (let k = 0; k < 8; ) {
    if (groups[k] !== '0') {
      k++;
      continue;
    }
    let end = k;
    while (end < 8 && groups[end] === '0') end++;
    if (end - k > bestLen && end - k > 1) {
      bestStart = k;
      bestLen = end - k;
    }
    k = end;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

export function writeNetAddress(w: BufferWriter, a: NetAddress): void {
  w.u64le(a.services).bytes(ipToBytes(a.ip)).u16be(a.port);
}

export function readNetAddress(r: BufferReader): NetAddress {
  const services = r.u64le();
  const ip = bytesToIp(r.bytes(16));
  return { services, ip, port: r.u16be() };
}

export function writeTimedNetAddress(w: BufferWriter, a: TimedNetAddress): void {
  w.u32le(a.time);
  writeNetAddress(w, a);
}

export function readTimedNetAddress(r: BufferReader): TimedNetAddress {
  const time = r.u32le();
  return { time, ...readNetAddress(r) };
}

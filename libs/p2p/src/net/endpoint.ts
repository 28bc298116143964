import { isIP } from 'node:net';

import { P2PError, P2PErrorCode } from '../errors';

/** A dialable peer address. `host` is an IP or (before resolution) a hostname. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host`, `host:port`, `[v6]:port` or a bare IPv6 address. Throws INVALID_ADDRESS.
 */
export function parseEndpoint(text: string, defaultPort: number): Endpoint {
  const input = text.trim();
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(input);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
  } else if (isIP(input) === 6) {
    host = input;
  } else {
    const colon = input.lastIndexOf(':');
    host = colon >= 0 ? input.slice(0, colon) : input;
    portText = colon >= 0 ? input.slice(colon + 1) : undefined;
  }
  const port = portText === undefined ? defaultPort : Number(portText);
  if (!host || !/^[A-Za-z0-9.:\-_]+$/.test(host) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new P2PError(P2PErrorCode.InvalidAddress, `not a host:port address: ${JSON.stringify(text)}`);
  }
  return { host: normalizeIp(host), port };
}

/** IPv4-mapped IPv6 (`::ffff:1.2.3.4`, as sockets report IPv4 peers on dual-stack) → `1.2.3.4`. */
export function normalizeIp(host: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  return mapped ? mapped[1] : host.toLowerCase();
}

export function endpointKey(e: Endpoint): string {
  return isIP(e.host) === 6 ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

export function isLoopback(ip: string): boolean {
  return /^127\./.test(ip) || ip === '::1';
}

/** RFC1918, RFC6598 (carrier/cluster NAT), link-local, unique-local: Core's !IsRoutable(). */
export function isPrivate(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254);
  }
  return /^f[cd]/i.test(ip) || /^fe[89ab]/i.test(ip);
}

function isUnspecified(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || /^0\./.test(ip);
}

/**
 * Whether we keep and dial an address: publicly routable ones always; private and loopback ones
 * only when `allowPrivate` (Core drops both; Kubernetes pod IPs are private, tests use 127.0.0.1).
 */
export function isAcceptableAddress(ip: string, allowPrivate: boolean): boolean {
  if (isIP(ip) === 0 || isUnspecified(ip)) return false;
  if (isLoopback(ip) || isPrivate(ip)) return allowPrivate;
  return true;
}

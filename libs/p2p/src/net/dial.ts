import { lookup } from 'node:dns/promises';
import { connect, isIP, type Socket } from 'node:net';

import { P2PError, P2PErrorCode } from '../errors';
import { normalizeIp, type Endpoint } from './endpoint';

/** Resolves a hostname endpoint to an IP one (the first address the resolver returns). */
export async function resolveEndpoint(endpoint: Endpoint): Promise<Endpoint> {
  if (isIP(endpoint.host) !== 0) return endpoint;
  try {
    const { address } = await lookup(endpoint.host);
    return { host: normalizeIp(address), port: endpoint.port };
  } catch (error) {
    throw new P2PError(P2PErrorCode.Unreachable, `cannot resolve ${endpoint.host}: ${(error as Error).message}`);
  }
}

/** Opens a TCP connection; fails with TIMEOUT after `timeoutMs`, UNREACHABLE on socket errors. */
export function openSocket(endpoint: Endpoint, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new P2PError(P2PErrorCode.Timeout, `connecting to ${endpoint.host}:${endpoint.port} timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new P2PError(P2PErrorCode.Unreachable, `cannot connect to ${endpoint.host}:${endpoint.port}: ${error.message}`));
    });
  });
}

/** Resolves every address of a DNS seed (`host` or `host:port`), A and AAAA records alike. */
export async function resolveSeed(seed: Endpoint): Promise<Endpoint[]> {
  const records = await lookup(seed.host, { all: true });
  return records.map((r) => ({ host: normalizeIp(r.address), port: seed.port }));
}

import { createServer } from 'node:net';

/**
 * A port the kernel just handed out on `host`, closed again. Racy by nature: only the fallback for
 * a node that cannot report the ports it bound itself (node.json).
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// Slow handshakes (slowloris): a peer that connects and never sends version, or trickles it a
// byte at a time, is cut once the handshake timeout passes (Core: 60 s, net.cpp
// m_peer_connect_timeout). The node binary has no flag to shorten that timeout, so this drives
// the real P2P engine in-process (real TCP on loopback, MemoryChainStore) with a 1.5 s timeout.
import { Chain, MemoryChainStore, Mempool, REGTEST } from '@mbc/chain';
import { P2PNode } from '@mbc/p2p';
import { encodeFrame } from '@mbc/wire';

import { waitFor } from '../harness';
import { Attacker, versionMessage } from './attacker';

const HANDSHAKE_TIMEOUT_MS = 1_500;

describe('slow handshake', () => {
  let node: P2PNode;
  let port: number;

  beforeAll(async () => {
    const chain = await Chain.open({ params: REGTEST, store: new MemoryChainStore() });
    node = new P2PNode({
      params: REGTEST,
      chain,
      mempool: new Mempool({ chain }),
      config: { listenHost: '127.0.0.1', listenPort: 0, allowPrivate: true, handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS },
    });
    await node.start();
    port = node.listenAddress!.port;
  });

  afterAll(async () => {
    await node?.stop();
  });

  const connect = (host: string) => Attacker.connect({ host: '127.0.0.1', port, localAddress: host });

  it('a peer that never sends version is disconnected after the handshake timeout', async () => {
    const attacker = await connect('127.0.0.30');
    const started = Date.now();
    expect(await attacker.waitClosed(HANDSHAKE_TIMEOUT_MS + 5_000)).toBe(true);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(HANDSHAKE_TIMEOUT_MS - 100);
    await waitFor(() => node.peers().length === 0, { describe: 'the pending connection to be released' });
  });

  it('trickling the version a byte at a time does not extend the deadline', async () => {
    const attacker = await connect('127.0.0.31');
    const frame = encodeFrame(REGTEST.magic, versionMessage());
    const started = Date.now();
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < frame.length - 1) void attacker.sendRaw(frame.subarray(sent, ++sent));
    }, 100);
    try {
      expect(await attacker.waitClosed(HANDSHAKE_TIMEOUT_MS + 5_000)).toBe(true);
    } finally {
      clearInterval(trickle);
    }
    expect(Date.now() - started).toBeLessThan(HANDSHAKE_TIMEOUT_MS + 5_000);
    expect(sent).toBeLessThan(frame.length - 1); // Cut before the version could complete.
  });

  it('an honest peer handshakes normally while slow peers wait', async () => {
    const slow = await Promise.all([connect('127.0.0.32'), connect('127.0.0.33')]);
    const honest = await connect('127.0.0.34');
    await honest.handshake();
    await honest.ping();
    honest.destroy();
    for (const peer of slow) expect(await peer.waitClosed(HANDSHAKE_TIMEOUT_MS + 5_000)).toBe(true);
  });
});

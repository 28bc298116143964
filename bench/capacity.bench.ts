// Inbound capacity (issue 4): 1,000 raw-TCP peers complete the version/verack handshake with one
// node whose connection limit is raised; handshakes/s and RSS per peer, and the API still answers.
// Goal: < 30 KB per peer. Peers come from distinct loopback addresses (127.0.1.x…) as real
// peers would, so no per-address limit is what gets measured.
import { Socket, connect } from 'node:net';

import { FrameDecoder, encodeFrame } from '@mbc/wire';

import { getChain, rssKiB, startNode, waitFor } from '../test/harness';
import type { BenchResult } from './types';
import { elapsedMs, round } from './support/stats';

const PEERS = Number(process.env.MBC_BENCH_CAPACITY_PEERS ?? 1000);
const CONCURRENT_DIALS = 50;
const KB_PER_PEER_GOAL = 30;
const REGTEST_MAGIC = Buffer.from('fabfb5da', 'hex');

function sourceAddress(index: number): string {
  return `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}

/** Dials, sends version, answers their version with verack, resolves on their verack. */
function handshake(port: number, index: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: sourceAddress(index) });
    const decoder = new FrameDecoder({ magic: REGTEST_MAGIC });
    let gotVerack = false;
    socket.setTimeout(30_000, () => reject(new Error(`peer ${index}: handshake timed out`)));
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(
        encodeFrame(REGTEST_MAGIC, {
          command: 'version',
          version: 70015,
          services: 0n,
          timestamp: BigInt(Math.floor(Date.now() / 1000)),
          addrRecv: { services: 1n, ip: '127.0.0.1', port },
          addrFrom: { services: 0n, ip: sourceAddress(index), port: 0 },
          nonce: BigInt(index + 1) * 7919n,
          userAgent: '/capacity-bench:0.1/',
          startHeight: 0,
          relay: false,
        }),
      );
    });
    socket.on('data', (chunk) => {
      for (const event of decoder.push(chunk)) {
        if (!event.ok) return reject(event.error);
        if (event.message.command === 'version') socket.write(encodeFrame(REGTEST_MAGIC, { command: 'verack' }));
        if (event.message.command === 'ping') socket.write(encodeFrame(REGTEST_MAGIC, { command: 'pong', nonce: event.message.nonce }));
        if (event.message.command === 'verack' && !gotVerack) {
          gotVerack = true;
          socket.setTimeout(0);
          resolve(socket);
        }
      }
    });
  });
}

export async function run(): Promise<BenchResult[]> {
  const node = await startNode({ name: 'capacity', logLevel: 'warn', maxConnections: PEERS + 50 });
  const sockets: Socket[] = [];
  try {
    await getChain(node);
    const rssBefore = rssKiB(node.pid);
    const started = process.hrtime.bigint();
    let next = 0;
    const dialer = async () => {
      while (next < PEERS) sockets.push(await handshake(node.p2pPort, next++));
    };
    await Promise.all(Array.from({ length: CONCURRENT_DIALS }, dialer));
    const handshakeMs = elapsedMs(started);
    const inbound = await waitFor(async () => {
      const chain = await getChain(node);
      return chain.peers.inbound >= PEERS && chain.peers.inbound;
    }, { timeoutMs: 30_000, describe: `the node to count ${PEERS} inbound peers` });
    const apiStarted = process.hrtime.bigint();
    await getChain(node);
    const apiMs = elapsedMs(apiStarted);
    const rssAfter = rssKiB(node.pid);
    const kbPerPeer = ((rssAfter - rssBefore) * 1024) / 1000 / PEERS;
    return [
      { name: `${PEERS} inbound handshakes`, value: Math.round(PEERS / (handshakeMs / 1000)), unit: 'handshakes/s' },
      { name: 'RSS per connected peer', value: round(kbPerPeer, 2), unit: 'KB', target: `< ${KB_PER_PEER_GOAL} KB`, ok: kbPerPeer < KB_PER_PEER_GOAL, comparison: `RSS ${Math.round(rssBefore / 1024)} → ${Math.round(rssAfter / 1024)} MiB, ${inbound} inbound` },
      { name: `GET /v1/chain with ${PEERS} peers connected`, value: round(apiMs, 2), unit: 'ms', target: 'answers', ok: true },
    ];
  } finally {
    for (const s of sockets) s.destroy();
    await node.destroy();
  }
}

if (require.main === module) {
  void run().then((results) => console.log(JSON.stringify(results, null, 2)));
}

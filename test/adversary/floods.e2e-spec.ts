// Floods and resource exhaustion: inv/addr floods, unconnecting-headers spam, a peer that never
// reads, a peer that never finishes the handshake, and 1,000 connections from one address. The
// target must stay within its limits (Core's MAX_INV_SZ, receive/send buffers, -maxconnections),
// keep serving its API, keep syncing from an honest peer, and keep its memory bounded.
import { randomBytes } from 'node:crypto';

import { Hash256, InvType, MAX_ADDR_ENTRIES, MAX_INV_ENTRIES, TimedNetAddress } from '@mbc/wire';

import { getChain, peerCount, socketCount, waitFor } from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';
import { Arena } from './arena';
import { Attacker, inventoryPayload, rawFrame } from './attacker';
import { unconnectingHeaders } from './forge';

const MAX_CONNECTIONS = 40;
const REGTEST_GENESIS = Hash256.fromHex('0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206');
/**
 * RSS the target may hold above its baseline once an attack is over. V8 keeps freed heap pages
 * for a while, so this is checked after a short settle (see Arena.expectRssSettles).
 */
const MAX_RSS_GROWTH_KIB = 160 * 1024;
/** Listening sockets, REST/gRPC keep-alives and the honest peer: what the node holds besides inbound peers. */
const SOCKET_OVERHEAD = 24;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function randomInventory(count: number, type: number): { type: number; hash: Hash256 }[] {
  const bytes = randomBytes(32 * count);
  return Array.from({ length: count }, (_, k) => ({ type, hash: Hash256.adopt(bytes.subarray(32 * k, 32 * k + 32)) }));
}

function randomAddresses(count: number): TimedNetAddress[] {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, k) => ({
    time: now,
    services: 1n,
    ip: `${11 + (k % 200)}.${(k >> 8) & 255}.${k & 255}.${1 + (k % 250)}`,
    port: 18444,
  }));
}

describe('floods and resource exhaustion', () => {
  const track = destroyAfterAll();
  let arena: Arena;

  beforeAll(async () => {
    arena = track(await Arena.open({ maxConnections: MAX_CONNECTIONS }));
  }, 120_000);

  afterAll(() => {
    console.log(`target RSS (KiB): baseline ${arena?.baselineRssKiB}; ${JSON.stringify(arena?.rssSamplesKiB)}`);
  });

  afterEach(() => {
    expect(arena.target.running).toBe(true);
  });

  it('inv messages of 50,000 entries (the maximum) are handled; the peer stays connected; memory stays bounded', async () => {
    // Three rounds of 250,000 announcements: a per-announcement leak would grow round after round.
    for (let round = 1; round <= 3; round++) {
      await arena.duringHonestMining(async () => {
        const attacker = await arena.attacker();
        await attacker.handshake();
        for (let k = 0; k < 5; k++) {
          await attacker.send({ command: 'inv', inventory: randomInventory(MAX_INV_ENTRIES, InvType.Tx) });
        }
        await attacker.ping(20_000);
        attacker.destroy();
      });
      await arena.expectRssSettles(`inv flood round ${round}`, MAX_RSS_GROWTH_KIB);
    }
  });

  it('inv messages above 50,000 entries: misbehaviour (Core: 20 each) until banned', async () => {
    const host = arena.freshHost();
    const attacker = await arena.attacker(host);
    await attacker.handshake();
    // encodeFrame refuses to build it, so the frame is assembled by hand.
    const oversized = rawFrame('inv', inventoryPayload(randomInventory(MAX_INV_ENTRIES + 1, InvType.Tx)));
    for (let k = 0; k < 5 && attacker.open; k++) await attacker.sendRaw(oversized);
    expect(await attacker.waitClosed()).toBe(true);
    await arena.expectBanned(host);
  });

  it('20 addr messages of 1,000 entries: handled, peer stays connected, memory bounded', async () => {
    await arena.duringHonestMining(async () => {
      const attacker = await arena.attacker();
      await attacker.handshake();
      for (let k = 0; k < 20; k++) await attacker.send({ command: 'addr', addresses: randomAddresses(MAX_ADDR_ENTRIES) });
      await attacker.ping(20_000);
      attacker.destroy();
    });
    await arena.expectRssSettles('addr flood', MAX_RSS_GROWTH_KIB);
  });

  it('unconnecting headers spam: answered with getheaders, never stored, ends disconnected or harmless', async () => {
    const before = await getChain(arena.target);
    const attacker = await arena.attacker();
    await attacker.handshake();
    const getheadersBefore = attacker.received.filter((m) => m.command === 'getheaders').length;
    for (let k = 0; k < 60 && attacker.open; k++) await attacker.send({ command: 'headers', headers: unconnectingHeaders(1) });
    // Core treats an unconnecting header as an announcement: it asks for the missing part.
    await waitFor(() => attacker.received.filter((m) => m.command === 'getheaders').length > getheadersBefore || !attacker.open, {
      describe: 'a getheaders in answer to unconnecting headers',
    });
    const after = await getChain(arena.target);
    expect(after.headersHeight).toBe(before.headersHeight + (after.height - before.height));
    if (attacker.open) await attacker.ping().catch(() => expect(attacker.open).toBe(false));
    console.log(`unconnecting headers: connection ${attacker.open ? 'kept' : 'closed'}`);
    attacker.destroy();
  });

  it('a peer that never reads while requesting big answers: memory bounded, honest sync continues', async () => {
    const tipHash = Hash256.fromHex((await getChain(arena.target)).bestHash);
    const attacker = await arena.attacker();
    await attacker.handshake();
    attacker.stopReading();
    const getdata = { command: 'getdata' as const, inventory: Array.from({ length: MAX_INV_ENTRIES }, () => ({ type: InvType.Block, hash: tipHash })) };
    await arena.duringHonestMining(async () => {
      // Each getdata asks for 50,000 copies of the tip block; Core stops serving once its 1 MB
      // send buffer is full (fPauseSend) and resumes only as the peer reads.
      // Our own writes stall once the node stops reading us too, so each is bounded in time.
      const getheaders = { command: 'getheaders' as const, version: 70015, locator: [REGTEST_GENESIS], hashStop: Hash256.ZERO };
      for (let k = 0; k < 10 && attacker.open; k++) {
        await Promise.race([attacker.send(getdata), delay(300)]);
        await Promise.race([attacker.send(getheaders), delay(100)]);
      }
      await arena.expectRssSettles('never reads', MAX_RSS_GROWTH_KIB);
    });
    expect((await arena.target.rest('/health/live')).status).toBe(200);
    console.log(`never reads: connection ${attacker.open ? 'kept (serving paused)' : 'closed by the node'}`);
    attacker.destroy();
  });

  it(`1,000 connections from one address: at most ${MAX_CONNECTIONS} held, API and honest peer unaffected`, async () => {
    const host = arena.freshHost();
    const attempts = await Promise.allSettled(
      Array.from({ length: 1_000 }, () => Attacker.connect({ host: '127.0.0.1', port: arena.target.p2pPort, localAddress: host, connectTimeoutMs: 10_000 })),
    );
    const attackers = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    // Most attempts reach the node (the kernel's accept backlog takes them), so the limit is really exercised.
    expect(attackers.length).toBeGreaterThan(MAX_CONNECTIONS * 5);
    try {
      await arena.duringHonestMining(async () => {
        await waitFor(async () => (await peerCount(arena.target)) <= MAX_CONNECTIONS && socketCount(arena.target.pid) <= MAX_CONNECTIONS + SOCKET_OVERHEAD, {
          timeoutMs: 15_000,
          describe: `target to hold at most ${MAX_CONNECTIONS} peers and ${MAX_CONNECTIONS + SOCKET_OVERHEAD} sockets`,
        });
        const started = Date.now();
        expect((await arena.target.rest('/v1/chain')).status).toBe(200);
        expect(Date.now() - started).toBeLessThan(2_000);
      });
      expect(await peerCount(arena.target)).toBeLessThanOrEqual(MAX_CONNECTIONS);
      await arena.expectRssSettles('1,000 connections', MAX_RSS_GROWTH_KIB);
      console.log(`1,000 connections: ${attackers.length} connected at TCP level, ${attackers.filter((a) => !a.open).length} closed by the node`);
    } finally {
      for (const attacker of attackers) attacker.destroy();
    }
    await waitFor(async () => (await peerCount(arena.target)) <= 2, { describe: 'attacker connections to be released' });
  });
});

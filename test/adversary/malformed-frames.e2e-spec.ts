// Raw-TCP attackers sending broken frames and out-of-order handshakes. Each attack must end the
// way Bitcoin Core ends it (disconnect, ban, or the message simply dropped) while an honest peer
// keeps syncing the target and the target's memory stays bounded.
import { randomBytes } from 'node:crypto';

import { Hash256, blockHash, encodeFrame } from '@mbc/wire';

import { getChain } from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';
import { Arena } from './arena';
import { Attacker, rawFrame, versionMessage } from './attacker';
import { badMerkleRootBlock, invalidPowHeader } from './forge';

const MAINNET_MAGIC = Buffer.from('f9beb4d9', 'hex');
const MAX_RSS_GROWTH_KIB = 96 * 1024;

/** A ping that the node must not answer: either it dropped the frame or it closed the connection. */
async function expectUnanswered(attacker: Attacker, nonce: bigint): Promise<void> {
  const answered = await attacker.waitForMessage('pong', 1_000, (m) => m.nonce === nonce).then(
    () => true,
    () => false,
  );
  expect(answered).toBe(false);
}

/** The connection is either closed or still fully usable (answers a fresh ping). */
async function expectClosedOrUsable(attacker: Attacker): Promise<'closed' | 'usable'> {
  if (!attacker.open) return 'closed';
  try {
    await attacker.ping(5_000);
    return 'usable';
  } catch {
    expect(await attacker.waitClosed(5_000)).toBe(true);
    return 'closed';
  }
}

describe('malformed frames and handshake abuse', () => {
  const track = destroyAfterAll();
  let arena: Arena;

  beforeAll(async () => {
    arena = track(await Arena.open());
  }, 120_000);

  afterAll(() => {
    console.log(`target RSS (KiB): baseline ${arena?.baselineRssKiB}; ${JSON.stringify(arena?.rssSamplesKiB)}`);
  });

  afterEach(() => {
    expect(arena.target.running).toBe(true);
  });

  it('garbage bytes: disconnected (the stream cannot be resynchronised)', async () => {
    await arena.duringHonestMining(async () => {
      const attacker = await arena.attacker();
      const garbage = randomBytes(256);
      garbage[0] = 0x00; // Never the regtest magic's first byte (0xfa).
      await attacker.sendRaw(garbage);
      expect(await attacker.waitClosed()).toBe(true);
    });
    expect(arena.rssGrowthKiB('garbage')).toBeLessThan(MAX_RSS_GROWTH_KIB);
  });

  it('wrong network magic: disconnected', async () => {
    const attacker = await arena.attacker();
    await attacker.sendRaw(rawFrame('version', Buffer.alloc(0), { magic: MAINNET_MAGIC }));
    expect(await attacker.waitClosed()).toBe(true);
  });

  it('a header declaring a 4 GB payload: disconnected at once, nothing buffered', async () => {
    await arena.duringHonestMining(async () => {
      const attacker = await arena.attacker();
      await attacker.sendRaw(rawFrame('block', Buffer.alloc(0), { length: 0xffffffff }));
      expect(await attacker.waitClosed(5_000)).toBe(true);
    });
    expect(arena.rssGrowthKiB('4 GB header')).toBeLessThan(MAX_RSS_GROWTH_KIB);
  });

  it('bad checksum: the message is not processed', async () => {
    const attacker = await arena.attacker();
    await attacker.handshake();
    const nonce = 42n;
    const frame = encodeFrame(attacker.magic, { command: 'ping', nonce });
    frame.writeUInt32LE((frame.readUInt32LE(20) ^ 0xffffffff) >>> 0, 20); // Corrupt the checksum only.
    await attacker.sendRaw(frame);
    await expectUnanswered(attacker, nonce);
    await expectClosedOrUsable(attacker);
    attacker.destroy();
  });

  it('messages before the handshake are not processed', async () => {
    const attacker = await arena.attacker();
    const nonce = 7n;
    await attacker.send({ command: 'ping', nonce });
    await attacker.send({ command: 'getheaders', version: 70015, locator: [], hashStop: Hash256.ZERO });
    await expectUnanswered(attacker, nonce);
    expect(attacker.received.filter((m) => m.command === 'headers')).toHaveLength(0);
    attacker.destroy();
  });

  it('a repeated version is ignored (Core: misbehaving 1), the connection stays usable', async () => {
    const attacker = await arena.attacker();
    await attacker.handshake();
    await attacker.send(versionMessage());
    await attacker.send(versionMessage());
    expect(await expectClosedOrUsable(attacker)).toBe('usable');
    expect(attacker.received.filter((m) => m.command === 'version')).toHaveLength(1);
    attacker.destroy();
  });

  it('headers with invalid proof of work: disconnected and banned', async () => {
    const host = arena.freshHost();
    await arena.duringHonestMining(async () => {
      const attacker = await arena.attacker(host);
      await attacker.handshake();
      const tip = Hash256.fromHex((await getChain(arena.target)).bestHash);
      await attacker.send({ command: 'headers', headers: [invalidPowHeader(tip)] });
      expect(await attacker.waitClosed()).toBe(true);
    });
    await arena.expectBanned(host);
  });

  it('a block with a bad merkle root: disconnected and banned, the block is not stored', async () => {
    const host = arena.freshHost();
    let forgedHash = '';
    await arena.duringHonestMining(async () => {
      const attacker = await arena.attacker(host);
      await attacker.handshake();
      const chain = await getChain(arena.target);
      const block = badMerkleRootBlock(Hash256.fromHex(chain.bestHash), chain.height + 1);
      forgedHash = blockHash(block.header).toHex();
      await attacker.send({ command: 'block', block });
      expect(await attacker.waitClosed()).toBe(true);
    });
    await arena.expectBanned(host);
    expect((await arena.target.rest(`/v1/blocks/${forgedHash}`)).status).toBe(404);
  });

  it('a banned address is refused on reconnect', async () => {
    const host = arena.freshHost();
    const first = await arena.attacker(host);
    await first.handshake();
    await first.send({ command: 'headers', headers: [invalidPowHeader(Hash256.fromHex((await getChain(arena.target)).bestHash))] });
    expect(await first.waitClosed()).toBe(true);
    await arena.expectBanned(host);
    const again = await arena.attacker(host).catch(() => undefined);
    // Refused at accept (closed at once) or at connect (ECONNRESET): either way no session.
    if (again) expect(await again.waitClosed()).toBe(true);
    expect(arena.rssGrowthKiB('after malformed frames')).toBeLessThan(MAX_RSS_GROWTH_KIB);
  });
});

import { encodeFrame, hash256 } from '@mbc/wire';
import { REGTEST } from '@mbc/chain';
import { MisbehaviourReason } from '@mbc/p2p';

import { RawPeer, startNode, stopAll, waitFor } from './p2p-support';

afterEach(stopAll);

/** A 24-byte frame header for `command` declaring `length` payload bytes. */
function frameHeader(magic: Buffer, command: string, length: number, checksum: Buffer): Buffer {
  const header = Buffer.alloc(24);
  magic.copy(header, 0);
  header.write(command, 4, 'ascii');
  header.writeUInt32LE(length >>> 0, 16);
  checksum.copy(header, 20, 0, 4);
  return header;
}

const ping = encodeFrame(REGTEST.magic, { command: 'ping', nonce: 1n });

const attacks: { name: string; bytes: () => Buffer; handshakeFirst: boolean; reason: MisbehaviourReason }[] = [
  { name: 'garbage bytes', bytes: () => Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), handshakeFirst: false, reason: MisbehaviourReason.MalformedMessage },
  { name: 'wrong magic', bytes: () => encodeFrame(Buffer.from('f9beb4d9', 'hex'), { command: 'ping', nonce: 1n }), handshakeFirst: true, reason: MisbehaviourReason.MalformedMessage },
  {
    name: 'a bad checksum',
    bytes: () => Buffer.concat([frameHeader(REGTEST.magic, 'ping', 8, Buffer.from('00000000', 'hex')), Buffer.alloc(8, 1)]),
    handshakeFirst: true,
    reason: MisbehaviourReason.MalformedMessage,
  },
  {
    name: 'a 4 GB declared length',
    bytes: () => frameHeader(REGTEST.magic, 'block', 0xffffffff, hash256(Buffer.alloc(0))),
    handshakeFirst: true,
    reason: MisbehaviourReason.MalformedMessage,
  },
  { name: 'a message before the handshake', bytes: () => ping, handshakeFirst: false, reason: MisbehaviourReason.MessageBeforeVersion },
];

describe('misbehaving peers', () => {
  it('are cut off and banned while an honest peer keeps syncing', async () => {
    const honest = await startNode();
    await honest.miner.generate(1_500);
    const target = await startNode();
    const bans: { address: string; reason: string }[] = [];
    target.node.events.on('peerBanned', (b) => bans.push(b));
    const honestPeer = await target.node.connect(honest.address);

    for (const attack of attacks) {
      const raw = await RawPeer.open(target.address);
      if (attack.handshakeFirst) await raw.handshake();
      raw.writeRaw(attack.bytes());
      await raw.whenClosed(5_000);
      expect(bans.at(-1)).toEqual({ address: '127.0.0.1', reason: attack.reason });
      // Everything here is 127.0.0.1: lift the ban so the next attacker can connect at all.
      expect(target.node.bans.list().map((b) => b.address)).toEqual(['127.0.0.1']);
      target.node.bans.remove('127.0.0.1');
    }
    expect(bans).toHaveLength(attacks.length);
    await waitFor('target synced from the honest peer', () => target.chain.tip.height === 1_500, 30_000);
    expect(target.node.peer(honestPeer.id)).toMatchObject({ handshake: 'connected', misbehaviourScore: 0 });
  });

  it('refuses connections from a banned address, and the ban survives a restart', async () => {
    const a = await startNode({ level: true });
    const raw = await RawPeer.open(a.address);
    raw.writeRaw(ping);
    await raw.whenClosed();
    expect(a.node.bans.list()).toHaveLength(1);
    const dataDir = a.dataDir;
    await a.stop();

    const again = await startNode({ dataDir, level: true });
    expect(again.node.bans.list()).toMatchObject([{ address: '127.0.0.1', reason: MisbehaviourReason.MessageBeforeVersion }]);
    const refused = await RawPeer.open(again.address);
    await refused.whenClosed();
    const honest = await startNode();
    await expect(honest.node.connect(again.address)).rejects.toMatchObject({ code: 'REJECTED' });
    // ...and we don't dial banned addresses either.
    await expect(again.node.connect(honest.address)).rejects.toMatchObject({ code: 'BANNED' });
  });

  it('bans a peer sending invalid headers', async () => {
    const a = await startNode();
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    const bad = { ...a.chain.genesis.header, prevBlock: a.chain.genesis.hash, nonce: 0, bits: 0x1d00ffff };
    raw.send({ command: 'headers', headers: [bad] });
    await raw.whenClosed();
    expect(a.node.bans.list()[0].reason).toBe(MisbehaviourReason.InvalidHeaders);
  });

  it('penalises a headers batch that does not form a chain, even when it starts from a known block', async () => {
    const a = await startNode();
    const other = await startNode();
    await other.miner.generate(3);
    const [h1, h2, h3] = [1, 2, 3].map((n) => other.chain.getEntryByHeight(n)!.header);
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    const penalties: MisbehaviourReason[] = [];
    a.node.events.on('misbehaviour', (m) => penalties.push(m.reason));
    raw.send({ command: 'headers', headers: [h1, h2, h2] });
    await waitFor('a penalty for the repeated header', () => penalties.length === 1);
    raw.send({ command: 'headers', headers: [h1, h3] });
    await waitFor('a penalty for the gap', () => penalties.length === 2);
    expect(penalties).toEqual([MisbehaviourReason.NonContinuousHeaders, MisbehaviourReason.NonContinuousHeaders]);
  });

  it('tolerates unconnecting headers, answering with getheaders, until 10 in a row', async () => {
    const a = await startNode();
    const other = await startNode();
    await other.miner.generate(12);
    const raw = await RawPeer.open(a.address);
    await raw.handshake(12);
    await raw.next('getheaders');
    const scores: number[] = [];
    a.node.events.on('misbehaviour', (m) => scores.push(m.score));
    // Headers 2..12 of another chain: their parent (1) is unknown to a.
    for (let n = 1; n <= 10; n++) {
      raw.send({ command: 'headers', headers: [other.chain.getEntryByHeight(n + 2)!.header] });
      if (n < 10) {
        // Each is answered with a getheaders carrying our locator (one in flight: answer it empty).
        await raw.next('getheaders');
        expect(scores).toEqual([]);
        raw.send({ command: 'headers', headers: [] });
      }
    }
    await waitFor('penalty after 10', () => scores.length === 1);
    expect(scores).toEqual([20]);
    expect(raw.closed).toBe(false);
  });

  it('cuts off a peer that stops reading', async () => {
    const a = await startNode({ config: { inactivityTimeoutMs: 1_000, pingIntervalMs: 200, maxSendBufferBytes: 2_000_000 } });
    await a.miner.generate(300);
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    raw.socket.pause();
    const reason = new Promise((resolve) => a.node.events.on('peerDisconnected', (e) => resolve(e.reason)));
    const inventory = a.chain.headersAfter([a.chain.genesis.hash], a.chain.tip.hash).map((e) => ({ type: 2, hash: e.hash }));
    // Ask for every block again and again (~30 MB of answers) and never read.
    const keepAsking = setInterval(() => raw.send({ command: 'getdata', inventory }), 20);
    try {
      await expect(reason).resolves.toMatch(/^(send-buffer-full|inactivity)$/);
    } finally {
      clearInterval(keepAsking);
    }
  });
});

describe('oversized messages', () => {
  it('cost 20 points each, as in Core, so a fifth one gets the peer banned', async () => {
    const a = await startNode();
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    const scores: number[] = [];
    a.node.events.on('misbehaviour', (m) => scores.push(m.score));
    // An inv claiming 50,001 entries: refused by its count alone.
    const payload = Buffer.concat([Buffer.from([0xfe]), Buffer.from([0x51, 0xc3, 0x00, 0x00]), Buffer.alloc(36 * 50_001)]);
    const frame = Buffer.concat([frameHeader(REGTEST.magic, 'inv', payload.length, hash256(payload)), payload]);
    for (let k = 0; k < 5; k++) raw.writeRaw(frame);
    await raw.whenClosed();
    expect(scores).toEqual([20, 40, 60, 80, 100]);
    expect(a.node.bans.list()[0].reason).toBe(MisbehaviourReason.OversizedMessage);
  });
});

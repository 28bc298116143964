import { createDataTransaction } from '@mbc/chain';
import { MAX_PEER_TX_ANNOUNCEMENTS, MisbehaviourReason } from '@mbc/p2p';
import { blockHash, Hash256, InvType, type Block } from '@mbc/wire';

import { RawPeer, startNode, stopAll, waitFor, type TestNode } from './p2p-support';

afterEach(stopAll);

function randomTxInventory(count: number, seed: string): { type: number; hash: Hash256 }[] {
  return Array.from({ length: count }, (_, k) => ({ type: InvType.Tx, hash: Hash256.of(Buffer.from(`${seed}-${k}`)) }));
}

async function roundTrip(raw: RawPeer, nonce: bigint): Promise<void> {
  raw.send({ command: 'ping', nonce });
  await raw.next('pong');
}

function requestedEntries(raw: RawPeer): number {
  return raw.received.filter((m) => m.command === 'getdata').reduce((n, m) => n + (m.command === 'getdata' ? m.inventory.length : 0), 0);
}

async function mineOn(node: TestNode, payload: string): Promise<Block> {
  expect((await node.mempool.accept(createDataTransaction(Buffer.from(payload)))).ok).toBe(true);
  const [entry] = await node.miner.generate(1);
  return (await node.chain.getBlock(entry.hash))!;
}

describe('unsolicited floods stay bounded (Core’s limits)', () => {
  it(`tracks at most ${MAX_PEER_TX_ANNOUNCEMENTS} tx announcements per peer; the excess is ignored, unpunished`, async () => {
    const a = await startNode();
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    raw.send({ command: 'inv', inventory: randomTxInventory(MAX_PEER_TX_ANNOUNCEMENTS + 1_000, 'flood') });
    await roundTrip(raw, 1n);
    expect(requestedEntries(raw)).toBe(MAX_PEER_TX_ANNOUNCEMENTS);
    // Getdata goes out in messages of at most 1,000 entries (Core's MAX_GETDATA_SZ).
    expect(raw.received.filter((m) => m.command === 'getdata')).toHaveLength(MAX_PEER_TX_ANNOUNCEMENTS / 1_000);

    raw.send({ command: 'inv', inventory: randomTxInventory(10, 'more') });
    await roundTrip(raw, 2n);
    expect(requestedEntries(raw)).toBe(MAX_PEER_TX_ANNOUNCEMENTS);

    // Answered (here: notfound), the announcements free the peer's quota again.
    const asked = raw.received.flatMap((m) => (m.command === 'getdata' ? m.inventory : []));
    raw.send({ command: 'notfound', inventory: asked });
    raw.send({ command: 'inv', inventory: randomTxInventory(10, 'later') });
    await roundTrip(raw, 3n);
    expect(requestedEntries(raw)).toBe(MAX_PEER_TX_ANNOUNCEMENTS + 10);
    expect(a.node.peers()[0].misbehaviourScore).toBe(0);
  });

  it('rate-limits addr processing per peer (Core: a token bucket of 0.1 address per second)', async () => {
    const a = await startNode({ config: { maxOutbound: 0 } });
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    const now = Math.floor(Date.now() / 1000);
    const addresses = Array.from({ length: 1_000 }, (_, k) => ({ time: now, services: 9n, ip: `127.3.${k >> 8}.${k & 255}`, port: 18444 }));
    raw.send({ command: 'addr', addresses });
    raw.send({ command: 'addr', addresses });
    await roundTrip(raw, 1n);
    // One token to start with (plus 0.1 per second connected): one address of the 2,000 kept.
    expect(a.node.addressBook.size).toBe(1);
    expect(a.node.peers()[0].misbehaviourScore).toBe(0);
  });

  it('validates an unrequested block only if it could extend the best chain; ignores the rest; scores an unconnecting one 10', async () => {
    const a = await startNode();
    await a.miner.generate(2);
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    // The initial getheaders every peer gets near the tip: answer it (nothing new).
    await raw.next('getheaders');
    raw.send({ command: 'headers', headers: [] });
    const scores: { reason: string; score: number }[] = [];
    a.node.events.on('misbehaviour', (m) => scores.push(m));

    // A competing block 1 (less work than a's two blocks) and its child: nobody asked for them.
    const rival = await startNode();
    const rival1 = await mineOn(rival, 'rival 1');
    const rival2 = await mineOn(rival, 'rival 2');
    raw.send({ command: 'block', block: rival1 });
    await roundTrip(raw, 1n);
    expect(a.chain.getEntry(blockHash(rival1.header))).toBeUndefined();
    expect(scores).toEqual([]);

    raw.send({ command: 'block', block: rival2 });
    await raw.next('getheaders');
    expect(scores).toEqual([expect.objectContaining({ reason: MisbehaviourReason.UnconnectingBlock, score: 10 })]);
    expect(a.chain.getEntry(blockHash(rival2.header))).toBeUndefined();

    // A block extending a's tip is worth validating even unrequested (Core processes it).
    const follower = await startNode();
    for (let h = 1; h <= 2; h++) await follower.chain.submitBlock((await a.chain.getBlock(a.chain.getEntryByHeight(h)!.hash))!);
    const next = await mineOn(follower, 'next');
    raw.send({ command: 'block', block: next });
    await waitFor('a extended by the unrequested block', () => a.chain.tip.hash.equals(blockHash(next.header)));
    expect(raw.closed).toBe(false);
  });
});

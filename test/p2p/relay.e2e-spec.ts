import { createDataTransaction } from '@mbc/chain';
import { HandshakeState } from '@mbc/p2p';
import { blockHash, InvType, RejectCode, txid, type Transaction } from '@mbc/wire';

import { RawPeer, startNode, stopAll, waitFor, type TestNode } from './p2p-support';

afterEach(stopAll);

async function connected(node: TestNode, count: number): Promise<void> {
  await waitFor(`${count} connected peers`, () => node.node.peers().filter((p) => p.handshake === HandshakeState.Connected).length >= count);
}

describe('relay', () => {
  it('a block mined on one node and a transaction submitted to another reach all five nodes', async () => {
    // A line plus a chord: 0-1, 1-2, 2-3, 3-4, 4-0 (every node has two peers; most are 2+ hops apart).
    const nodes: TestNode[] = [];
    for (let k = 0; k < 5; k++) nodes.push(await startNode());
    for (let k = 0; k < 5; k++) await nodes[k].node.connect(nodes[(k + 1) % 5].address);
    for (const n of nodes) await connected(n, 2);
    const announced: number[] = [];
    nodes[2].node.events.on('blockAnnounced', (e) => announced.push(e.firstSeenMs));

    const [entry] = await nodes[0].miner.generate(1);
    await waitFor('block everywhere', () => nodes.every((n) => n.chain.tip.hash.equals(entry.hash)));
    expect(announced).toHaveLength(1);

    const tx = createDataTransaction(Buffer.from('hello network'));
    const result = await nodes[3].node.broadcastTransaction(tx);
    expect(result.ok).toBe(true);
    await waitFor('tx everywhere', () => nodes.every((n) => n.mempool.has(txid(tx))));
    // Nobody sent it back to the node it came from: node 3 received no tx message.
    expect(nodes[3].node.peers().every((p) => p.receivedPerCommand.tx === undefined)).toBe(true);
  });

  it('announces blocks with headers to sendheaders peers and inv to others, never pushing blocks', async () => {
    const a = await startNode();
    const headersPeer = await RawPeer.open(a.address);
    await headersPeer.handshake();
    headersPeer.send({ command: 'sendheaders' });
    const invPeer = await RawPeer.open(a.address);
    await invPeer.handshake();
    await connected(a, 2);
    await waitFor('sendheaders processed', () => a.node.peers().some((p) => p.receivedPerCommand.sendheaders));
    const [entry] = await a.miner.generate(1);
    const headers = await headersPeer.next('headers');
    expect(headers.headers.map((h) => blockHash(h).toHex())).toEqual([entry.hash.toHex()]);
    const inv = await invPeer.next('inv');
    expect(inv.inventory.map((i) => [i.type, i.hash.toHex()])).toEqual([[InvType.Block, entry.hash.toHex()]]);
    expect([...headersPeer.received, ...invPeer.received].some((m) => m.command === 'block')).toBe(false);
  });

  it('fetches announced transactions, answers mempool and getdata, and rejects invalid ones', async () => {
    const a = await startNode();
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    const tx = createDataTransaction(Buffer.from('from a raw peer'));
    raw.send({ command: 'inv', inventory: [{ type: InvType.Tx, hash: txid(tx) }] });
    const getdata = await raw.next('getdata');
    // The raw peer offers NODE_WITNESS: the transaction is asked for with its witness (MSG_WITNESS_TX).
    expect(getdata.inventory.map((i) => [i.type, i.hash.toHex()])).toEqual([[InvType.WitnessTxLegacy, txid(tx).toHex()]]);
    raw.send({ command: 'tx', tx });
    await waitFor('tx accepted', () => a.mempool.has(txid(tx)));

    raw.send({ command: 'mempool' });
    expect((await raw.next('inv')).inventory.map((i) => i.hash.toHex())).toEqual([txid(tx).toHex()]);
    raw.send({ command: 'getdata', inventory: [{ type: InvType.WitnessTx, hash: txid(tx) }, { type: InvType.Tx, hash: a.chain.genesis.hash }] });
    expect(txid((await raw.next('tx')).tx).equals(txid(tx))).toBe(true);
    expect((await raw.next('notfound')).inventory).toHaveLength(1);

    const noOutputs: Transaction = { ...tx, outputs: [] };
    raw.send({ command: 'tx', tx: noOutputs });
    const reject = await raw.next('reject');
    expect(reject).toMatchObject({ message: 'tx', code: RejectCode.Invalid });
    expect(reject.hash?.equals(txid(noOutputs))).toBe(true);
  });

  it('finds a peer it was never told about through getaddr', async () => {
    const a = await startNode();
    const b = await startNode();
    await b.node.connect(a.address);
    // c only knows b; b's answer to c's getaddr names a.
    const c = await startNode({ config: { maxOutbound: 2 } });
    await c.node.connect(b.address);
    // c dials a when its outbound-slot filler next runs: give it time on a loaded machine.
    await waitFor('c connected to a', () => c.node.peers().some((p) => p.address === a.address && p.handshake === HandshakeState.Connected), 45_000);
    expect(c.node.addressBook.has({ host: '127.0.0.1', port: Number(a.address.split(':')[1]) })).toBe(true);
  });

  it('does not dial back a node that already dialled it (one connection per pair of nodes)', async () => {
    const a = await startNode();
    const b = await startNode({ config: { maxOutbound: 0 } });
    await b.node.connect(a.address);
    const bEndpoint = { host: '127.0.0.1', port: Number(b.address.split(':')[1]) };
    // a learns b's listening address from b's version and self-advertisement...
    await waitFor('a to learn b’s address', () => a.node.addressBook.has(bEndpoint));
    // ...and, once a third address is known, fills its outbound slots from the book.
    const c = await startNode({ config: { maxOutbound: 0 } });
    a.node.addressBook.add({ host: '127.0.0.1', port: Number(c.address.split(':')[1]) }, 'addr');
    await waitFor('a dialled c', () => a.node.peers().some((p) => p.address === c.address && p.handshake === HandshakeState.Connected));
    expect(a.node.addressBook.list().find((e) => e.port === bEndpoint.port)?.lastTry).toBe(0);
    expect(a.node.peers().filter((p) => p.direction === 'outbound')).toHaveLength(1);
  });

  it('keeps -connect peers connected, reconnecting after a drop', async () => {
    const a = await startNode();
    const b = await startNode({ config: { connect: [a.address] } });
    await waitFor('b connected to a', () => b.node.peers().some((p) => p.address === a.address && p.handshake === HandshakeState.Connected));
    const first = b.node.peers()[0].id;
    b.node.disconnect(first);
    await waitFor('b reconnected', () => b.node.peers().some((p) => p.id !== first && p.handshake === HandshakeState.Connected));
  });

  it('finds peers through a DNS seed (host:port)', async () => {
    const a = await startNode();
    const port = a.address.split(':')[1];
    const b = await startNode({ config: { dnsSeeds: [`localhost:${port}`] } });
    await waitFor('b connected to a through the seed', () => b.node.peers().some((p) => p.address === a.address && p.handshake === HandshakeState.Connected));
    expect(b.node.addressBook.list().find((e) => e.host === '127.0.0.1')?.source).toBe('dns');
  });

  it('relays a small fresh addr to two other peers and answers getaddr once per connection', async () => {
    // No automatic dialling of what it learns (the addresses are loopback ones nobody listens on).
    const a = await startNode({ config: { maxOutbound: 0 } });
    const [p1, p2, p3] = await Promise.all([RawPeer.open(a.address), RawPeer.open(a.address), RawPeer.open(a.address)]);
    await Promise.all([p1.handshake(), p2.handshake(), p3.handshake()]);
    await connected(a, 3);
    for (let k = 1; k <= 11; k++) a.node.addressBook.add({ host: `127.1.0.${k}`, port: 18444 }, 'addr');
    p1.send({ command: 'getaddr' });
    // Core's answer: 23% of what it knows.
    expect((await p1.next('addr')).addresses).toHaveLength(3);

    const now = Math.floor(Date.now() / 1000);
    p2.send({ command: 'addr', addresses: [{ time: now, services: 1n, ip: '127.1.2.3', port: 18444 }] });
    for (const p of [p1, p3]) expect((await p.next('addr')).addresses.map((e) => `${e.ip}:${e.port}`)).toEqual(['127.1.2.3:18444']);
    expect(a.node.addressBook.has({ host: '127.1.2.3', port: 18444 })).toBe(true);

    p1.send({ command: 'getaddr' });
    p1.send({ command: 'ping', nonce: 9n });
    await p1.next('pong');
    expect(p1.received.some((m) => m.command === 'addr')).toBe(false);
  });
});

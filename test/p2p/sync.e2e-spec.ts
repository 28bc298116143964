import type { Chain } from '@mbc/chain';
import { blockHash, Hash256, MAX_HEADERS_PER_MSG } from '@mbc/wire';

import { RawPeer, startNode, stopAll, waitFor, type TestNode } from './p2p-support';

afterEach(stopAll);

/** Copies blocks [1..height] of `from` into `to` without the network (a second source peer). */
async function copyChain(from: Chain, to: Chain): Promise<void> {
  for (let h = 1; h <= from.tip.height; h++) {
    const block = await from.getBlock(from.getEntryByHeight(h)!.hash);
    const result = await to.submitBlock(block!);
    expect(result.status).toBe('connected');
  }
}

function blocksReceivedFrom(node: TestNode): number[] {
  return node.node.peers().map((p) => p.receivedPerCommand.block?.messages ?? 0);
}

describe('headers-first sync', () => {
  it('a fresh node syncs 2,500 blocks from two peers', async () => {
    const a = await startNode();
    const b = await startNode();
    await a.miner.generate(2_500);
    await copyChain(a.chain, b.chain);
    const fresh = await startNode();
    const progress: number[] = [];
    fresh.node.events.on('syncProgress', (s) => progress.push(s.progress));
    await fresh.node.connect(a.address);
    await fresh.node.connect(b.address);
    await waitFor('fresh node at height 2500', () => fresh.chain.tip.height === 2_500, 60_000);
    expect(fresh.chain.tip.hash.equals(a.chain.tip.hash)).toBe(true);
    const state = fresh.node.syncState();
    expect(state).toMatchObject({ headersHeight: 2_500, blocksHeight: 2_500, progress: 1, synced: true, peerAhead: false });
    // Blocks came from both peers, and headers in batches of at most 2,000.
    expect(blocksReceivedFrom(fresh).every((n) => n > 0)).toBe(true);
    // Each block fetched once: one delivered but still being processed is not asked for again
    // (a little slack for a stalled request legitimately re-asked on a loaded machine).
    const received = blocksReceivedFrom(fresh).reduce((sum, n) => sum + n, 0);
    expect(received).toBeGreaterThanOrEqual(2_500);
    expect(received).toBeLessThanOrEqual(2_550);
    expect(progress.at(-1)).toBe(1);
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
  });

  it('answers getheaders from a fork locator with the headers after the fork point', async () => {
    const a = await startNode();
    await a.miner.generate(30);
    // A locator of an unknown fork tip, then our block 20: the answer starts at 21.
    const unknown = Hash256.of(Buffer.from('not a block of ours'));
    const fork = a.chain.getEntryByHeight(20)!.hash;
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    raw.send({ command: 'getheaders', version: 70015, locator: [unknown, fork, a.chain.genesis.hash], hashStop: Hash256.ZERO });
    const headers = (await raw.next('headers')).headers;
    expect(headers).toHaveLength(10);
    expect(headers[0].prevBlock.equals(fork)).toBe(true);
    expect(blockHash(headers[9]).equals(a.chain.tip.hash)).toBe(true);
    // hashStop bounds the answer.
    raw.send({ command: 'getheaders', version: 70015, locator: [fork], hashStop: a.chain.getEntryByHeight(23)!.hash });
    expect((await raw.next('headers')).headers).toHaveLength(3);
  });

  it('serves getblocks-style syncers: 500 invs, then an inv of the tip when the last is fetched (hashContinue)', async () => {
    const a = await startNode();
    await a.miner.generate(600);
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    raw.send({ command: 'getblocks', version: 70015, locator: [a.chain.genesis.hash], hashStop: Hash256.ZERO });
    const inv = await raw.next('inv');
    expect(inv.inventory).toHaveLength(500);
    const last = inv.inventory[499];
    expect(last.hash.equals(a.chain.getEntryByHeight(500)!.hash)).toBe(true);
    raw.send({ command: 'getdata', inventory: [last] });
    const block = await raw.next('block');
    expect(blockHash(block.block.header).equals(last.hash)).toBe(true);
    const tipInv = await raw.next('inv');
    expect(tipInv.inventory.map((i) => i.hash.toHex())).toEqual([a.chain.tip.hash.toHex()]);
  });

  it('asks for more headers while batches are full', async () => {
    const a = await startNode();
    await a.miner.generate(MAX_HEADERS_PER_MSG + 5);
    const fresh = await startNode();
    await fresh.node.connect(a.address);
    await waitFor('all headers', () => fresh.chain.bestHeader.height === MAX_HEADERS_PER_MSG + 5, 30_000);
    const peer = fresh.node.peers()[0];
    expect(peer.sentPerCommand.getheaders.messages).toBeGreaterThanOrEqual(2);
    await waitFor('all blocks', () => fresh.chain.tip.height === MAX_HEADERS_PER_MSG + 5, 30_000);
  });

  it('re-asks blocks that a peer does not deliver from another peer', async () => {
    const a = await startNode();
    await a.miner.generate(50);
    const fresh = await startNode({ config: { blockStallTimeoutMs: 300 } });
    // The staller announces a's chain but never answers getdata.
    const staller = await RawPeer.open(fresh.address);
    await staller.handshake(50);
    await staller.next('getheaders');
    staller.send({ command: 'headers', headers: a.chain.headersAfter([a.chain.genesis.hash], Hash256.ZERO).map((e) => e.header) });
    const asked = await staller.next('getdata');
    expect(asked.inventory.length).toBeGreaterThan(0);
    await fresh.node.connect(a.address);
    await waitFor('fresh synced despite the staller', () => fresh.chain.tip.height === 50, 20_000);
    expect(staller.closed).toBe(false);
  });
});

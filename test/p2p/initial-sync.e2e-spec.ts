import { Chain, MemoryChainStore, Mempool, Miner, REGTEST } from '@mbc/chain';
import { Hash256, MAX_HEADERS_PER_MSG, type BlockHeader } from '@mbc/wire';

import { RawPeer, startNode, stopAll, waitFor, type TestNode } from './p2p-support';

afterEach(stopAll);

const CHAIN_HEIGHT = MAX_HEADERS_PER_MSG + 100;

/** Headers of `source` after the locator's fork point, at most 2,000: what a real peer answers. */
function answerFor(source: Chain, locator: readonly Hash256[]): BlockHeader[] {
  return source.headersAfter(locator, Hash256.ZERO, MAX_HEADERS_PER_MSG).map((e) => e.header);
}

function asked(raw: RawPeer): boolean {
  return raw.received.some((m) => m.command === 'getheaders');
}

/** A ping round trip: everything the node queued for this peer before the pong has been sent. */
async function roundTrip(raw: RawPeer, nonce: bigint): Promise<void> {
  raw.send({ command: 'ping', nonce });
  await raw.next('pong');
}

async function rawPeers(node: TestNode, count: number, height: number): Promise<RawPeer[]> {
  const peers: RawPeer[] = [];
  for (let k = 0; k < count; k++) {
    const raw = await RawPeer.open(node.address);
    await raw.handshake(height);
    peers.push(raw);
  }
  return peers;
}

describe('initial headers sync (one sync peer at a time, as Core)', () => {
  // The chain the raw peers pretend to have (only its headers travel): mined once, off the network.
  let source: Chain;
  beforeAll(async () => {
    source = await Chain.open({ params: REGTEST, store: new MemoryChainStore() });
    const mempool = new Mempool({ chain: source });
    await new Miner({ chain: source, mempool }).generate(CHAIN_HEIGHT);
    mempool.close();
  });
  afterAll(() => source.close());

  it('asks one peer for headers until near the tip, re-choosing when the sync peer leaves, then asks all', async () => {
    const fresh = await startNode();
    const peers = await rawPeers(fresh, 3, CHAIN_HEIGHT);
    const first = await waitFor('a sync peer', () => peers.find(asked));
    const others = peers.filter((p) => p !== first);
    for (const [k, p] of others.entries()) await roundTrip(p, BigInt(k + 1));
    expect(others.filter(asked)).toEqual([]);

    // A full batch: the sync peer is asked for more; still nobody else.
    const request = await first.next('getheaders');
    first.send({ command: 'headers', headers: answerFor(source, request.locator) });
    const more = await first.next('getheaders');
    expect(more.locator[0].equals(source.getEntryByHeight(MAX_HEADERS_PER_MSG)!.hash)).toBe(true);
    for (const [k, p] of others.entries()) await roundTrip(p, BigInt(k + 10));
    expect(others.filter(asked)).toEqual([]);

    // The sync peer leaves: another one takes over from where it stopped.
    first.close();
    const second = await waitFor('a new sync peer', () => others.find(asked));
    const third = others.find((p) => p !== second)!;
    const resumed = await second.next('getheaders');
    second.send({ command: 'headers', headers: answerFor(source, resumed.locator) });
    await waitFor('all headers', () => fresh.chain.bestHeader.height === CHAIN_HEIGHT);
    // Near the tip now: every remaining peer gets its initial getheaders.
    await waitFor('the last peer asked too', () => asked(third));
  });

  it('replaces a sync peer that does not answer within headersTimeoutMs', async () => {
    const fresh = await startNode({ config: { headersTimeoutMs: 300 } });
    const peers = await rawPeers(fresh, 2, CHAIN_HEIGHT);
    const silent = await waitFor('a sync peer', () => peers.find(asked));
    const other = peers.find((p) => p !== silent)!;
    const request = await other.next('getheaders', 5_000);
    other.send({ command: 'headers', headers: answerFor(source, request.locator) });
    await waitFor('headers from the second peer', () => fresh.chain.bestHeader.height >= MAX_HEADERS_PER_MSG);
    expect(silent.closed).toBe(false);
  });

  it('during initial sync, a block inv gets a getheaders from one new peer per new block; after it, from any peer', async () => {
    const fresh = await startNode();
    const [syncPeer, b, c] = await rawPeers(fresh, 3, CHAIN_HEIGHT);
    await waitFor('a sync peer', () => [syncPeer, b, c].some(asked));
    const [sync, x, y] = [syncPeer, b, c].sort((p, q) => Number(asked(q)) - Number(asked(p)));
    const blockA = Hash256.of(Buffer.from('new block a'));
    x.send({ command: 'inv', inventory: [{ type: 2, hash: blockA }] });
    await x.next('getheaders');
    // Same block from another peer: no second extra headers peer for it.
    y.send({ command: 'inv', inventory: [{ type: 2, hash: blockA }] });
    await roundTrip(y, 1n);
    expect(asked(y)).toBe(false);

    // Sync completes; now announcements from any peer are followed up.
    const request = await sync.next('getheaders');
    sync.send({ command: 'headers', headers: answerFor(source, request.locator) });
    const more = await sync.next('getheaders');
    sync.send({ command: 'headers', headers: answerFor(source, more.locator) });
    await waitFor('all headers', () => fresh.chain.bestHeader.height === CHAIN_HEIGHT);
    await waitFor('y asked as sync ends', () => asked(y));
    await y.next('getheaders');
    y.send({ command: 'headers', headers: [] });
    y.send({ command: 'inv', inventory: [{ type: 2, hash: Hash256.of(Buffer.from('new block b')) }] });
    await y.next('getheaders');
  });
});

describe('block download', () => {
  it('requests blocks in batches: far fewer getdata messages than blocks', async () => {
    const source = await startNode();
    await source.miner.generate(400);
    const fresh = await startNode();
    await fresh.node.connect(source.address);
    await waitFor('synced', () => fresh.chain.tip.height === 400, 30_000);
    // (source may have dialled fresh back after learning its address: count every connection.)
    const peers = fresh.node.peers();
    const total = (pick: (p: (typeof peers)[number]) => number) => peers.reduce((n, p) => n + pick(p), 0);
    expect(total((p) => p.receivedPerCommand.block?.messages ?? 0)).toBe(400);
    // Topped up 8 at a time once half of the 16 slots are free: about 400 / 8 getdata.
    expect(total((p) => p.sentPerCommand.getdata?.messages ?? 0)).toBeLessThanOrEqual(400 / 8 + 2 * peers.length);
  });
});

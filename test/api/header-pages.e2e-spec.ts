import request from 'supertest';

import { TestNode, startTestNode } from './support/test-node';
import { waitFor } from './support/wait';

interface Header {
  readonly hash: string;
  readonly height: number;
}

/**
 * GET /v1/headers answers from a cache of serialized pages (apps/node/src/services/header-page.cache.ts):
 * what it serves must follow the active chain through tip changes and reorgs.
 */
describe('GET /v1/headers pages follow the active chain (real nodes)', () => {
  let ours: TestNode;
  let theirs: TestNode;
  const api = (node: TestNode) => request(node.app.getHttpServer());
  const headers = async (node: TestNode, query: string): Promise<Header[]> => (await api(node).get(`/v1/headers?${query}`).expect(200)).body;
  const mine = async (node: TestNode, count: number): Promise<string[]> => (await api(node).post('/v1/mining/generate').send({ count }).expect(201)).body.hashes;

  beforeAll(async () => {
    // Different payout scripts, so the two nodes never mine the same block at the same height.
    [ours, theirs] = await Promise.all([startTestNode(), startTestNode(['--mine-payout-script', '52'])]);
  });
  afterAll(async () => {
    await Promise.all([ours?.destroy(), theirs?.destroy()]);
  });

  it('a page the tip cut short grows with the tip; a complete one stays', async () => {
    const mined = await mine(ours, 2);
    expect((await headers(ours, 'from=0')).map((h) => h.height)).toEqual([0, 1, 2]);
    const complete = await headers(ours, 'from=0&count=2');

    const [next] = await mine(ours, 1);
    expect((await headers(ours, 'from=0')).map((h) => h.hash).slice(1)).toEqual([...mined, next]);
    expect(await headers(ours, `from=${mined[0]}&count=2000`)).toEqual(await headers(ours, 'from=1'));
    expect(await headers(ours, 'from=0&count=2')).toEqual(complete);
  });

  it('after a reorg, serves the new branch for pages above the fork', async () => {
    const before = await headers(ours, 'from=0');
    const middle = await headers(ours, 'from=1&count=1');
    const theirHashes = await mine(theirs, before.length + 1); // more work than ours: we reorg to it

    await api(ours).post('/v1/peers').send({ address: `127.0.0.1:${theirs.ports.p2pPort}` }).expect(201);
    const theirTip = theirHashes[theirHashes.length - 1];
    await waitFor('our node to reorg to their chain', async () => ((await api(ours).get('/v1/chain')).body.bestHash === theirTip ? true : undefined), 30_000);

    const after = await headers(ours, 'from=0');
    expect(after).toEqual(await headers(theirs, 'from=0'));
    expect(after.map((h) => h.hash).slice(1)).toEqual(theirHashes);
    expect(after[0]).toEqual(before[0]); // genesis: below the fork
    const newMiddle = await headers(ours, 'from=1&count=1');
    expect(newMiddle).not.toEqual(middle);
    expect(newMiddle[0].hash).toBe(theirHashes[0]);
    // The old branch's blocks are still known: a page from one of them is that header alone.
    expect(await headers(ours, `from=${middle[0].hash}&count=2000`)).toEqual(middle);
  });
});

import { createServer } from 'node:net';

import request from 'supertest';

import { blockHash, decodeBlock, decodeTransaction } from '@mbc/wire';

import { openEventStream } from './support/sse';
import { TestNode, startTestNode } from './support/test-node';
import { waitFor } from './support/wait';

/** A loopback port with nothing listening: bind, note the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('REST API /v1 (real node, no token)', () => {
  let a: TestNode;
  let b: TestNode;
  const api = () => request(a.app.getHttpServer());

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestNode(), startTestNode()]);
  });
  afterAll(async () => {
    await Promise.all([a?.destroy(), b?.destroy()]);
  });

  function expectFieldError(res: request.Response, status: number, field: string): void {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String) });
    expect(res.body.message).toContain(field);
  }

  describe('chain, mining, headers and blocks', () => {
    it('reports the chain and mines blocks', async () => {
      const info = await api().get('/v1/chain').expect(200);
      expect(info.body).toMatchObject({ network: 'regtest', height: 0, bestHash: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206', mempoolSize: 0, peers: { inbound: 0, outbound: 0 } });
      const mined = await api().post('/v1/mining/generate').send({ count: 3 }).expect(201);
      expect(mined.body.hashes).toHaveLength(3);
      const after = await api().get('/v1/chain').expect(200);
      expect(after.body).toMatchObject({ height: 3, bestHash: mined.body.hashes[2], headersHeight: 3 });
    });

    it.each([
      [{ count: 0 }, 'count'],
      [{ count: 1001 }, 'count'],
      [{ count: 'many' }, 'count'],
      [{}, 'count'],
      [{ count: 1, extra: true }, 'extra'],
    ])('rejects generate body %j naming %s', async (body, field) => {
      expectFieldError(await api().post('/v1/mining/generate').send(body), 400, field);
    });

    it('pages headers along the active chain', async () => {
      const res = await api().get('/v1/headers?from=0&count=3').expect(200);
      expect(res.body.map((h: { height: number }) => h.height)).toEqual([0, 1, 2]);
      expect(Object.keys(res.body[1]).sort()).toEqual(['bits', 'chainWork', 'hash', 'height', 'merkleRoot', 'nonce', 'previousHash', 'time', 'version']);
      expect(res.body[1].previousHash).toBe(res.body[0].hash);
      const byHash = await api().get(`/v1/headers?from=${res.body[1].hash}&count=2000`).expect(200);
      expect(byHash.body[0].height).toBe(1);
      const one = await api().get(`/v1/headers/${res.body[2].hash}`).expect(200);
      expect(one.body).toEqual(res.body[2]);
    });

    it('validates header queries and reports unknown hashes', async () => {
      expectFieldError(await api().get('/v1/headers?from=tip'), 400, 'from');
      expectFieldError(await api().get('/v1/headers?from=0&count=2001'), 400, 'count');
      expectFieldError(await api().get('/v1/headers?from=0&count=0'), 400, 'count');
      expectFieldError(await api().get('/v1/headers/xyz'), 400, 'hash');
      expectFieldError(await api().get(`/v1/headers/${'ab'.repeat(32)}`), 404, 'not found');
      expectFieldError(await api().get('/v1/headers?from=99'), 404, 'not found');
    });

    it('serves blocks as JSON or raw hex', async () => {
      const json = await api().get('/v1/blocks/1').expect(200);
      expect(json.body).toMatchObject({ header: { height: 1 }, confirmations: 3, txids: [expect.stringMatching(/^[0-9a-f]{64}$/)] });
      const hex = await api().get(`/v1/blocks/${json.body.header.hash}?format=hex`).expect(200);
      expect(hex.headers['content-type']).toContain('text/plain');
      expect(blockHash(decodeBlock(Buffer.from(hex.text, 'hex')).header).toHex()).toBe(json.body.header.hash);
      expectFieldError(await api().get('/v1/blocks/1?format=xml'), 400, 'format');
      expectFieldError(await api().get('/v1/blocks/-1'), 400, 'hashOrHeight');
      expectFieldError(await api().get('/v1/blocks/500'), 404, 'not found');
    });
  });

  describe('transactions and mempool', () => {
    it('accepts a data transaction, shows it in the mempool, then confirmed', async () => {
      const sent = await api().post('/v1/transactions').send({ data: 'hello, regtest' }).expect(201);
      expect(sent.body.txid).toMatch(/^[0-9a-f]{64}$/);
      const pooled = await api().get(`/v1/transactions/${sent.body.txid}`).expect(200);
      expect(pooled.body).toMatchObject({ txid: sent.body.txid, inMempool: true, confirmations: 0 });
      expect((await api().get('/v1/mempool').expect(200)).body).toMatchObject({ txids: [sent.body.txid], size: 1 });

      // The same raw bytes again: a duplicate (Core: txn-already-in-mempool), 409.
      const duplicate = await api().post('/v1/transactions').send({ hex: pooled.body.hex });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.details).toMatchObject({ reason: 'txn-already-in-mempool' });

      const [blockHashHex] = (await api().post('/v1/mining/generate').send({ count: 1 }).expect(201)).body.hashes;
      const confirmed = await api().get(`/v1/transactions/${sent.body.txid}`).expect(200);
      expect(confirmed.body).toMatchObject({ inMempool: false, blockHash: blockHashHex, confirmations: 1 });
      expect((await api().get('/v1/mempool').expect(200)).body.size).toBe(0);
    });

    it('funds data transactions from mature coins of its own once it has them, never spending one twice', async () => {
      // A coinbase matures 100 blocks after its own (Core's COINBASE_MATURITY).
      await api().post('/v1/mining/generate').send({ count: 101 }).expect(201);
      const first = (await api().post('/v1/transactions').send({ data: 'funded 1' }).expect(201)).body.txid;
      const second = (await api().post('/v1/transactions').send({ data: 'funded 2' }).expect(201)).body.txid;
      const firstTx = decodeTransaction(Buffer.from((await api().get(`/v1/transactions/${first}`).expect(200)).body.hex, 'hex'));
      const secondTx = decodeTransaction(Buffer.from((await api().get(`/v1/transactions/${second}`).expect(200)).body.hex, 'hex'));

      const spent = firstTx.inputs[0].prevout;
      const coinbaseRef = await api().get(`/v1/transactions/${spent.txid.toHex()}`).expect(200);
      expect(coinbaseRef.body.confirmations).toBeGreaterThanOrEqual(100);
      expect(firstTx.outputs.map((o) => o.value)).toEqual([0n, 50n * 100_000_000n]);
      // Confirmed coins are preferred to the first one's change; either way never the same coin twice.
      const secondSpent = secondTx.inputs[0].prevout;
      expect(`${secondSpent.txid.toHex()}:${secondSpent.index}`).not.toBe(`${spent.txid.toHex()}:${spent.index}`);
      const [hash] = (await api().post('/v1/mining/generate').send({ count: 1 }).expect(201)).body.hashes;
      const block = (await api().get(`/v1/blocks/${hash}`).expect(200)).body;
      expect(block.txids).toEqual(expect.arrayContaining([first, second]));
    });

    it.each([
      [{}, 'data'],
      [{ data: 'x', hex: '00' }, 'exclusive'],
      [{ data: 42 }, 'data'],
      [{ hex: 'zz' }, 'hex'],
      [{ hex: '123' }, 'hex'],
      [{ data: 'x'.repeat(81) }, 'data'],
      [{ data: 'x', fee: 1 }, 'fee'],
    ])('rejects transaction body %j naming %s', async (body, field) => {
      expectFieldError(await api().post('/v1/transactions').send(body), 400, field);
    });

    it('rejects undecodable and invalid raw transactions without a 5xx', async () => {
      const malformed = await api().post('/v1/transactions').send({ hex: '0100000000' });
      expect(malformed.status).toBe(400);
      // Decodes, but has no inputs or outputs: a consensus reject with Core's reason.
      const empty = await api().post('/v1/transactions').send({ hex: '01000000000000000000' });
      expect(empty.status).toBeGreaterThanOrEqual(400);
      expect(empty.status).toBeLessThan(500);
    });

    it('validates and misses transaction ids', async () => {
      expectFieldError(await api().get('/v1/transactions/nothex'), 400, 'txid');
      expectFieldError(await api().get(`/v1/transactions/${'cd'.repeat(32)}`), 404, 'not found');
    });
  });

  describe('peers and bans', () => {
    it('connects to a real peer, lists, gets and disconnects it', async () => {
      const added = await api().post('/v1/peers').send({ address: `127.0.0.1:${b.ports.p2pPort}` }).expect(201);
      expect(added.body).toMatchObject({ direction: 'outbound', handshake: 'connected', address: `127.0.0.1:${b.ports.p2pPort}` });
      // getpeerinfo's statistics: the handshake's messages, counted per command in each direction.
      expect(added.body).toMatchObject({
        relay: true,
        blocksInFlight: 0,
        sentPerCommand: { version: { messages: 1, bytes: expect.any(Number) }, verack: { messages: 1, bytes: 24 } },
        receivedPerCommand: { version: { messages: 1 }, verack: { messages: 1, bytes: 24 } },
      });
      expect(added.body.lastReceiveMs).toBeGreaterThanOrEqual(added.body.connectedAtMs);
      expect(added.body).toHaveProperty('minPingSeconds');
      expect((await api().get('/v1/peers').expect(200)).body.map((p: { id: number }) => p.id)).toContain(added.body.id);
      expect((await api().get(`/v1/peers/${added.body.id}`).expect(200)).body.id).toBe(added.body.id);

      const duplicate = await api().post('/v1/peers').send({ address: `127.0.0.1:${b.ports.p2pPort}` });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('P2P.DUPLICATE');

      expect((await api().delete(`/v1/peers/${added.body.id}`).expect(200)).body).toEqual({ id: added.body.id });
      const gone = async () => !(await api().get('/v1/peers')).body.some((p: { id: number }) => p.id === added.body.id);
      await waitFor('peer gone', async () => ((await gone()) ? true : undefined));
      expectFieldError(await api().delete(`/v1/peers/${added.body.id}`), 404, 'peer');
      expectFieldError(await api().get(`/v1/peers/${added.body.id}`), 404, 'peer');
    });

    it('names why a peer cannot be added', async () => {
      const self = await api().post('/v1/peers').send({ address: `127.0.0.1:${a.ports.p2pPort}` });
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('P2P.SELF_CONNECTION');
      const unreachable = await api().post('/v1/peers').send({ address: `127.0.0.1:${await closedPort()}` });
      expect(unreachable.status).toBe(502);
      expect(unreachable.body.code).toBe('P2P.UNREACHABLE');
      expectFieldError(await api().post('/v1/peers').send({ address: 'localhost' }), 400, 'address');
      expectFieldError(await api().post('/v1/peers').send({}), 400, 'address');
      expectFieldError(await api().get('/v1/peers/abc'), 400, 'id');
    });

    it('adds, lists and removes bans', async () => {
      const ban = await api().post('/v1/bans').send({ address: '10.1.2.3', durationSeconds: 60 }).expect(201);
      expect(ban.body).toMatchObject({ address: '10.1.2.3', reason: 'manual' });
      expect(ban.body.bannedUntilMs - ban.body.createdAtMs).toBe(60_000);
      expect((await api().get('/v1/bans').expect(200)).body.map((b: { address: string }) => b.address)).toContain('10.1.2.3');
      await api().delete('/v1/bans/10.1.2.3').expect(200);
      expectFieldError(await api().delete('/v1/bans/10.1.2.3'), 404, 'ban');
      expectFieldError(await api().post('/v1/bans').send({ address: 'not-an-ip' }), 400, 'address');
      expectFieldError(await api().post('/v1/bans').send({ address: '10.0.0.1', durationSeconds: -5 }), 400, 'durationSeconds');
      expectFieldError(await api().delete('/v1/bans/nope'), 400, 'address');
    });

    it('refuses to dial a banned address', async () => {
      await api().post('/v1/bans').send({ address: '127.0.0.1', durationSeconds: 60 }).expect(201);
      try {
        const banned = await api().post('/v1/peers').send({ address: `127.0.0.1:${b.ports.p2pPort}` });
        expect(banned.status).toBe(403);
        expect(banned.body.code).toBe('P2P.BANNED');
      } finally {
        await api().delete('/v1/bans/127.0.0.1').expect(200);
      }
    });
  });

  describe('events (SSE)', () => {
    it('validates the event types filter', async () => {
      expectFieldError(await api().get('/v1/events?types=blockConnected,nonsense'), 400, 'types');
    });

    it('streams blockConnected and txAccepted', async () => {
      const stream = await openEventStream(a.ports.restPort, '/v1/events?types=blockConnected,txAccepted');
      try {
        expect(stream.response.headers['content-type']).toContain('text/event-stream');
        const { body } = await api().post('/v1/transactions').send({ data: 'event me' }).expect(201);
        const [hash] = (await api().post('/v1/mining/generate').send({ count: 1 }).expect(201)).body.hashes;
        await waitFor('block event', () => (stream.events.some((e) => e.event === 'blockConnected' && e.data.hash === hash) ? true : undefined));
        expect(stream.events).toContainEqual({ event: 'txAccepted', data: expect.objectContaining({ txid: body.txid }) });
      } finally {
        stream.close();
      }
    });
  });

  describe('errors, docs and health', () => {
    it('answers oversized bodies with 413 JSON', async () => {
      const res = await api().post('/v1/transactions').set('content-type', 'application/json').send(JSON.stringify({ hex: '00'.repeat(600_000) }));
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    });

    it('answers malformed JSON and unknown routes with JSON errors', async () => {
      const malformed = await api().post('/v1/peers').set('content-type', 'application/json').send('{"address":');
      expect(malformed.status).toBe(400);
      expect(malformed.body.statusCode).toBe(400);
      const missing = await api().get('/v1/nothing').expect(404);
      expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('serves the OpenAPI document and UI', async () => {
      const doc = await api().get('/docs-json').expect(200);
      expect(Object.keys(doc.body.components.schemas)).toEqual(expect.arrayContaining(['PeerView', 'HeaderView', 'ChainInfoView', 'SendTransactionDto']));
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/peers', '/v1/transactions', '/v1/headers', '/v1/chain', '/v1/mining/generate', '/v1/events']));
      const ui = await api().get('/docs').redirects(1);
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    });

    it('reports liveness and readiness', async () => {
      expect((await api().get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
      // Readiness can dip while a peer announces blocks; an idle node settles to ready.
      const ready = await waitFor('ready', async () => {
        const res = await api().get('/health/ready');
        return res.status === 200 ? res.body : undefined;
      });
      expect(ready).toMatchObject({ ready: true, checks: { p2pListening: true, storeOpen: true, synced: true } });
    });
  });
});

import { status } from '@grpc/grpc-js';
import request from 'supertest';

import { createNodeClient } from './support/grpc-client';
import { TestNode, startTestNode } from './support/test-node';

const TOKEN = 'e2e-test-token-0123456789';

describe('API token (REST and gRPC)', () => {
  let node: TestNode;
  const api = () => request(node.app.getHttpServer());

  beforeAll(async () => {
    node = await startTestNode(['--api-token', TOKEN]);
  });
  afterAll(async () => {
    await node?.destroy();
  });

  it.each([
    ['get', '/v1/chain'],
    ['get', '/v1/peers'],
    ['get', '/v1/bans'],
    ['get', '/v1/mempool'],
    ['get', '/v1/events'],
    ['post', '/v1/mining/generate'],
  ] as const)('refuses %s %s without a valid bearer token', async (method, path) => {
    const missing = await api()[method](path);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('authorization') });
    expect((await api()[method](path).set('Authorization', `Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await api()[method](path).set('Authorization', TOKEN)).status).toBe(401);
  });

  it('accepts the token', async () => {
    const res = await api().get('/v1/chain').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.body.network).toBe('regtest');
    await api().post('/v1/mining/generate').set('Authorization', `Bearer ${TOKEN}`).send({ count: 1 }).expect(201);
  });

  it('leaves health, metrics and docs open', async () => {
    await api().get('/health/live').expect(200);
    await api().get('/health/ready').expect(200);
    expect((await api().get('/metrics').expect(200)).text).toContain('mbc_chain_height 1');
    await api().get('/docs-json').expect(200);
  });

  it('requires authorization metadata on gRPC', async () => {
    const client = createNodeClient(node.ports.grpcPort);
    try {
      await expect(client.call('GetChainInfo')).rejects.toMatchObject({ code: status.UNAUTHENTICATED, details: expect.stringContaining('authorization') });
      await expect(client.call('GetChainInfo', {}, 'wrong-token-wrong-token')).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      await expect(client.call('GetChainInfo', {}, TOKEN)).resolves.toMatchObject({ network: 'regtest' });
    } finally {
      client.close();
    }
  });
});

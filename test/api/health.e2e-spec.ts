import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import request from 'supertest';

import { TestNode, startTestNode } from './support/test-node';
import { waitFor } from './support/wait';

function grpcHealthStatus(port: number, service: string): Promise<string> {
  const { grpc } = loadPackageDefinition(loadSync(healthProtoPath, { keepCase: true, enums: String, defaults: true })) as any;
  const client = new grpc.health.v1.Health(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise<string>((resolve, reject) =>
    client.Check({ service }, (error: Error | null, response: { status: string }) => {
      client.close();
      return error ? reject(error) : resolve(response.status);
    }),
  );
}

describe('a node mining on an interval; readiness (REST /health/ready and grpc.health.v1)', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode(['--mine', '100ms']);
  });
  afterAll(async () => {
    await node?.destroy();
  });

  it('mines blocks on its own with --mine', async () => {
    await waitFor('two mined blocks', async () => ((await request(node.app.getHttpServer()).get('/v1/chain')).body.height >= 2 ? true : undefined));
  });

  it('is ready, then not ready once the P2P engine and store are closed', async () => {
    await request(node.app.getHttpServer()).get('/health/ready').expect(200);
    expect(await grpcHealthStatus(node.ports.grpcPort, 'mbc.v1.NodeService')).toBe('SERVING');

    await node.runtime.close();

    const res = await request(node.app.getHttpServer()).get('/health/ready').expect(503);
    expect(res.body).toMatchObject({ ready: false, checks: { storeOpen: false } });
    await request(node.app.getHttpServer()).get('/health/live').expect(200);
    for (const service of ['', 'mbc.v1.NodeService']) {
      await waitFor(`${service || 'overall'} NOT_SERVING`, async () => ((await grpcHealthStatus(node.ports.grpcPort, service)) === 'NOT_SERVING' ? true : undefined));
    }
  });
});

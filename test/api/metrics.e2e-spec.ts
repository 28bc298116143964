import { execFileSync } from 'node:child_process';

import request from 'supertest';

import { createNodeClient } from './support/grpc-client';
import { TestNode, startTestNode } from './support/test-node';
import { waitFor } from './support/wait';

/** promtool is an optional system tool (apt: prometheus); the series checks run regardless. */
function promtool(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

describe('GET /metrics after a handshake and a transaction', () => {
  let a: TestNode;
  let b: TestNode;
  let text: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestNode(), startTestNode()]);
    await request(a.app.getHttpServer()).post('/v1/peers').send({ address: `127.0.0.1:${b.ports.p2pPort}` }).expect(201);
    await request(a.app.getHttpServer()).post('/v1/transactions').send({ data: 'metered' }).expect(201);
    await request(a.app.getHttpServer()).post('/v1/transactions').send({ data: 'x'.repeat(81) }).expect(400);
    // The transaction reaches B by relay: its mempool proves the inv/getdata/tx exchange happened.
    await waitFor('relay to B', async () => ((await request(b.app.getHttpServer()).get('/v1/mempool')).body.size === 1 ? true : undefined));
    await request(a.app.getHttpServer()).post('/v1/mining/generate').send({ count: 1 }).expect(201);
    const grpc = createNodeClient(a.ports.grpcPort);
    await grpc.call('GetChainInfo');
    await grpc.call('GetHeader', { hash: 'bad' }).catch(() => undefined);
    grpc.close();
    const res = await request(a.app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    text = res.text;
  });
  afterAll(async () => {
    await Promise.all([a?.destroy(), b?.destroy()]);
  });

  it.each([
    // B may also dial A back once it learns A's address (addr gossip), so counts are at least 1.
    /^mbc_peers\{direction="outbound"\} [1-9]/m,
    /^mbc_handshakes_total\{outcome="success"\} [1-9]/m,
    /^mbc_p2p_messages_received_total\{command="version"\} [1-9]/m,
    /^mbc_p2p_messages_sent_total\{command="verack"\} [1-9]/m,
    /^mbc_p2p_bytes_received_total\{command="verack"\} [1-9]\d*$/m,
    'mbc_transactions_accepted_total 1',
    'mbc_chain_height 1',
    'mbc_blocks_connected_total 1',
    'mbc_block_validation_seconds_count 1',
    'mbc_mempool_transactions 0',
    'mbc_http_request_duration_seconds_bucket{le="0.001",method="POST",route="/v1/transactions",status="201"}',
    'mbc_http_request_duration_seconds_count{method="POST",route="/v1/transactions",status="400"} 1',
    'mbc_grpc_request_duration_seconds_count{method="getChainInfo",code="OK"} 1',
    'mbc_grpc_request_duration_seconds_count{method="getHeader",code="INVALID_ARGUMENT"} 1',
    'mbc_tip_age_seconds',
    'mbc_sync_progress_ratio 1',
    'process_cpu_seconds_total',
    'nodejs_active_handles{',
  ])('exposes %s', (series) => {
    if (typeof series === 'string') expect(text).toContain(series);
    else expect(text).toMatch(series);
  });

  it('carries no gauges named *_total and no per-peer labels', () => {
    expect(text).not.toMatch(/^nodejs_active_\w+_total/m);
    expect(text).not.toMatch(/(?:peer|address|id)="/);
  });

  it('passes promtool check metrics', () => {
    const tool = promtool();
    if (!tool) return;
    expect(() => execFileSync(tool, ['check', 'metrics'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] })).not.toThrow();
  });
});

// API abuse: malformed JSON, wrong types, oversized bodies, huge counts, bad hex, unknown routes,
// missing or wrong tokens. REST must always answer 4xx with a JSON body naming the problem (never
// 5xx); gRPC the matching status code (never INTERNAL or UNKNOWN). The node must stay healthy.
import { request } from 'node:http';

import { status } from '@grpc/grpc-js';

import { NodeHandle, RestInit, startNode } from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';
import { NodeServiceClient } from './grpc-client';

const TOKEN = 'reliability-token-0123456789';
const HASH = 'ab'.repeat(32);

interface RestCase {
  readonly name: string;
  readonly path: string;
  readonly init?: RestInit & { withToken?: boolean };
  /** Exact status expected; any 4xx when omitted. */
  readonly status?: number;
}

const REST_CASES: RestCase[] = [
  { name: 'malformed JSON', path: '/v1/transactions', init: { method: 'POST', body: '{"data":', headers: { 'content-type': 'application/json' } }, status: 400 },
  { name: 'JSON that is not an object', path: '/v1/transactions', init: { method: 'POST', body: '[1,2,3]', headers: { 'content-type': 'application/json' } }, status: 400 },
  { name: 'empty body', path: '/v1/transactions', init: { method: 'POST', body: '', headers: { 'content-type': 'application/json' } }, status: 400 },
  { name: 'wrong content type', path: '/v1/transactions', init: { method: 'POST', body: 'data=hello', headers: { 'content-type': 'text/plain' } } },
  { name: 'data of the wrong type', path: '/v1/transactions', init: { body: { data: 5 } }, status: 400 },
  { name: 'both data and hex', path: '/v1/transactions', init: { body: { data: 'x', hex: '00' } }, status: 400 },
  { name: 'non-hex hex', path: '/v1/transactions', init: { body: { hex: 'zz' } }, status: 400 },
  { name: 'odd-length hex', path: '/v1/transactions', init: { body: { hex: 'abc' } }, status: 400 },
  { name: 'hex that is no transaction', path: '/v1/transactions', init: { body: { hex: '00' } } },
  { name: 'data above the limit', path: '/v1/transactions', init: { body: { data: 'x'.repeat(200_000) } }, status: 400 },
  { name: 'prototype pollution attempt', path: '/v1/transactions', init: { method: 'POST', body: '{"__proto__":{"data":"x"},"constructor":{"prototype":{"hex":"00"}}}', headers: { 'content-type': 'application/json' } } },
  { name: 'generate count as a string', path: '/v1/mining/generate', init: { body: { count: 'many' } }, status: 400 },
  { name: 'generate count 0', path: '/v1/mining/generate', init: { body: { count: 0 } }, status: 400 },
  { name: 'generate count negative', path: '/v1/mining/generate', init: { body: { count: -5 } }, status: 400 },
  { name: 'generate count fractional', path: '/v1/mining/generate', init: { body: { count: 1.5 } }, status: 400 },
  { name: 'generate a huge count', path: '/v1/mining/generate', init: { body: { count: 1_000_000_000 } }, status: 400 },
  { name: 'generate count beyond 2^53', path: '/v1/mining/generate', init: { method: 'POST', body: '{"count":1e308}', headers: { 'content-type': 'application/json' } }, status: 400 },
  { name: 'headers with a huge count', path: '/v1/headers?from=0&count=100000000', status: 400 },
  { name: 'headers without from', path: '/v1/headers', status: 400 },
  { name: 'headers from garbage', path: '/v1/headers?from=%00%ff', status: 400 },
  { name: 'header by a bad hash', path: '/v1/headers/xyz', status: 400 },
  { name: 'block by garbage', path: '/v1/blocks/not-a-block', status: 400 },
  { name: 'block at an unknown height', path: '/v1/blocks/99999999', status: 404 },
  { name: 'block by an unknown hash', path: `/v1/blocks/${HASH}`, status: 404 },
  { name: 'block in an unknown format', path: '/v1/blocks/0?format=xml', status: 400 },
  { name: 'transaction by a bad txid', path: '/v1/transactions/123', status: 400 },
  { name: 'transaction by an unknown txid', path: `/v1/transactions/${HASH}`, status: 404 },
  { name: 'peer by a non-numeric id', path: '/v1/peers/abc', status: 400 },
  { name: 'peer by an unknown id', path: '/v1/peers/999999', status: 404 },
  { name: 'disconnect an unknown peer', path: '/v1/peers/999999', init: { method: 'DELETE' }, status: 404 },
  { name: 'peer address of the wrong type', path: '/v1/peers', init: { body: { address: 12345 } }, status: 400 },
  { name: 'peer address without a port', path: '/v1/peers', init: { body: { address: '127.0.0.1' } }, status: 400 },
  { name: 'peer address with a bad port', path: '/v1/peers', init: { body: { address: '127.0.0.1:99999' } }, status: 400 },
  { name: 'ban of a non-IP', path: '/v1/bans', init: { body: { address: 'not-an-ip' } }, status: 400 },
  { name: 'ban with a zero duration', path: '/v1/bans', init: { body: { address: '10.1.2.3', durationSeconds: 0 } }, status: 400 },
  { name: 'ban with a huge duration', path: '/v1/bans', init: { body: { address: '10.1.2.3', durationSeconds: 1e12 } }, status: 400 },
  { name: 'unban a non-IP', path: '/v1/bans/not-an-ip', init: { method: 'DELETE' }, status: 400 },
  { name: 'unknown route', path: '/v1/nope', status: 404 },
  { name: 'unknown API version', path: '/v9/chain', status: 404 },
  { name: 'unsupported method on a route', path: '/v1/chain', init: { method: 'DELETE' } },
  { name: 'a 16 KB URL', path: `/v1/blocks/${'9'.repeat(16_000)}` },
  { name: 'missing token', path: '/v1/chain', init: { withToken: false }, status: 401 },
  { name: 'wrong token', path: '/v1/chain', init: { headers: { authorization: 'Bearer wrong-token-wrong-token' } }, status: 401 },
  { name: 'wrong auth scheme', path: '/v1/chain', init: { headers: { authorization: `Basic ${TOKEN}` } }, status: 401 },
  { name: 'empty bearer', path: '/v1/mining/generate', init: { body: { count: 1 }, headers: { authorization: 'Bearer ' } }, status: 401 },
];

/**
 * POSTs an oversized body the way a client must when the server may refuse it from the headers:
 * send the headers, and only send the body if no answer came first. (A server answering 413 from
 * Content-Length and closing would otherwise make the client's body write fail with EPIPE.)
 */
function postOversized(url: string, body: Buffer, token: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    req.flushHeaders();
    const sendBody = setTimeout(() => req.end(body), 500);
    req.on('response', () => clearTimeout(sendBody));
  });
}

describe('API abuse', () => {
  const track = destroyAfterAll();
  let node: NodeHandle;
  let grpc: NodeServiceClient;

  beforeAll(async () => {
    node = track(await startNode({ name: 'api-target', apiToken: TOKEN }));
    grpc = new NodeServiceClient(node.grpcAddress, TOKEN);
  }, 120_000);

  afterAll(() => grpc?.close());

  describe('REST answers 4xx with a clear JSON error, never 5xx', () => {
    it.each(REST_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const { withToken = true, ...init } = c.init ?? {};
      // An empty authorization header replaces the harness's bearer token: no credentials at all.
      const response = await node.rest(c.path, { ...init, headers: withToken ? init.headers : { ...init.headers, authorization: '' } });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      if (c.status) expect(response.status).toBe(c.status);
      const body = response.body as { message?: unknown; statusCode?: unknown };
      expect(typeof body.message).toBe('string');
      expect(String(body.message).length).toBeGreaterThan(0);
      expect(response.text).not.toMatch(/\bat [\w.<>]+ \(|node_modules/); // No stack traces.
    });

    it('a 2 MB body: 413 Payload Too Large', async () => {
      const body = Buffer.from(JSON.stringify({ data: 'x'.repeat(2 * 1024 * 1024) }));
      const response = await postOversized(`${node.restUrl}/v1/transactions`, body, TOKEN);
      expect(response.status).toBe(413);
      expect(typeof (JSON.parse(response.text) as { message?: unknown }).message).toBe('string');
    });

    it('public endpoints need no token; the node is healthy after all of the above', async () => {
      expect((await node.rest('/health/live', { headers: { authorization: '' } })).status).toBe(200);
      expect((await node.rest('/health/ready', { headers: { authorization: '' } })).status).toBe(200);
      expect((await node.rest('/v1/chain')).status).toBe(200);
      expect(node.running).toBe(true);
    });
  });

  describe('gRPC answers the matching status code, never INTERNAL or UNKNOWN', () => {
    const GRPC_CASES: [string, () => Promise<{ code: status }>, status][] = [
      ['no token', () => grpc.call('GetChainInfo', {}, { withToken: false }), status.UNAUTHENTICATED],
      ['wrong token', () => grpc.call('GetChainInfo', {}, { authorization: 'Bearer nope-nope-nope-nope' }), status.UNAUTHENTICATED],
      ['generate 0 blocks', () => grpc.call('Generate', { count: 0 }), status.INVALID_ARGUMENT],
      ['generate a huge count', () => grpc.call('Generate', { count: 4_000_000_000 }), status.INVALID_ARGUMENT],
      ['transaction with neither data nor hex', () => grpc.call('SendTransaction', {}), status.INVALID_ARGUMENT],
      ['transaction with bad hex', () => grpc.call('SendTransaction', { hex: 'zz' }), status.INVALID_ARGUMENT],
      ['transaction data above the limit', () => grpc.call('SendTransaction', { data: 'x'.repeat(200_000) }), status.INVALID_ARGUMENT],
      ['a message above the 1 MiB receive limit', () => grpc.call('SendTransaction', { data: 'x'.repeat(2 * 1024 * 1024) }), status.RESOURCE_EXHAUSTED],
      ['peer address garbage', () => grpc.call('AddPeer', { address: 'nope' }), status.INVALID_ARGUMENT],
      ['unknown peer', () => grpc.call('GetPeer', { id: 999_999 }), status.NOT_FOUND],
      ['ban of a non-IP', () => grpc.call('AddBan', { address: 'x' }), status.INVALID_ARGUMENT],
      ['block by garbage', () => grpc.call('GetBlock', { hashOrHeight: 'zz' }), status.INVALID_ARGUMENT],
      ['block at an unknown height', () => grpc.call('GetBlock', { hashOrHeight: '99999999' }), status.NOT_FOUND],
      ['headers with a huge count', () => grpc.call('GetHeaders', { from: '0', count: 100_000_000 }), status.INVALID_ARGUMENT],
      ['transaction by a bad txid', () => grpc.call('GetTransaction', { txid: '123' }), status.INVALID_ARGUMENT],
      ['unknown method', () => grpc.callUnknown('/mbc.v1.NodeService/Nope'), status.UNIMPLEMENTED],
    ];

    it.each(GRPC_CASES)('%s', async (_name, call, expected) => {
      const outcome = await call();
      expect(outcome.code).not.toBe(status.INTERNAL);
      expect(outcome.code).not.toBe(status.UNKNOWN);
      expect(outcome.code).toBe(expected);
    });

    it('a valid call with the token still works afterwards', async () => {
      expect((await grpc.call('GetChainInfo', {})).code).toBe(status.OK);
    });
  });
});

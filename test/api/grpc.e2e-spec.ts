import { Metadata, ServiceError, credentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

import { NodeServiceClient, createNodeClient } from './support/grpc-client';
import { TestNode, startTestNode } from './support/test-node';
import { waitFor } from './support/wait';

/** Expects a gRPC failure with `code` whose message names `field`. */
async function expectRpcError(promise: Promise<unknown>, code: status, field: string): Promise<void> {
  const error = (await promise.then(
    () => undefined,
    (e: ServiceError) => e,
  )) as ServiceError | undefined;
  expect(error).toBeDefined();
  expect({ code: error!.code, details: error!.details }).toEqual({ code, details: expect.stringContaining(field) });
}

function healthClient(port: number): any {
  const definition = loadSync(healthProtoPath, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const { grpc } = loadPackageDefinition(definition) as any;
  return new grpc.health.v1.Health(`127.0.0.1:${port}`, credentials.createInsecure());
}

function reflectionServices(port: number): Promise<string[]> {
  const definition = loadSync(require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1alpha/reflection.proto'), { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const { grpc } = loadPackageDefinition(definition) as any;
  const client = new grpc.reflection.v1alpha.ServerReflection(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const call = client.ServerReflectionInfo();
    call.on('data', (response: any) => {
      resolve(response.list_services_response.service.map((s: { name: string }) => s.name));
      call.end();
      client.close();
    });
    call.on('error', reject);
    call.write({ list_services: '' });
  });
}

describe('gRPC mbc.v1.NodeService (real node, raw @grpc/grpc-js client)', () => {
  let a: TestNode;
  let b: TestNode;
  let client: NodeServiceClient;

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestNode(), startTestNode()]);
    client = createNodeClient(a.ports.grpcPort);
  });
  afterAll(async () => {
    client?.close();
    await Promise.all([a?.destroy(), b?.destroy()]);
  });

  it('GetChainInfo, Generate, GetHeaders, GetHeader, GetBlock', async () => {
    expect(await client.call('GetChainInfo')).toMatchObject({ network: 'regtest', height: 0, peers: { inbound: 0, outbound: 0 } });
    const { hashes } = await client.call('Generate', { count: 2 });
    expect(hashes).toHaveLength(2);
    const { headers } = await client.call('GetHeaders', { from: '1', count: 5 });
    expect(headers.map((h: { hash: string }) => h.hash)).toEqual(hashes);
    expect(await client.call('GetHeader', { hash: hashes[1] })).toMatchObject({ height: 2, previousHash: hashes[0] });
    const block = await client.call('GetBlock', { hashOrHeight: '2' });
    expect(block).toMatchObject({ header: { hash: hashes[1] }, confirmations: 1, txids: [expect.any(String)] });
    expect(block.hex.length).toBe(block.size * 2);
  });

  it('maps invalid input and unknown objects to INVALID_ARGUMENT and NOT_FOUND naming the field', async () => {
    await expectRpcError(client.call('Generate', { count: 0 }), status.INVALID_ARGUMENT, 'count');
    await expectRpcError(client.call('Generate', {}), status.INVALID_ARGUMENT, 'count');
    await expectRpcError(client.call('GetHeaders', { from: 'tip' }), status.INVALID_ARGUMENT, 'from');
    await expectRpcError(client.call('GetHeader', { hash: 'ab' }), status.INVALID_ARGUMENT, 'hash');
    await expectRpcError(client.call('GetHeader', { hash: 'ab'.repeat(32) }), status.NOT_FOUND, 'not found');
    await expectRpcError(client.call('GetBlock', { hashOrHeight: '999' }), status.NOT_FOUND, 'not found');
    await expectRpcError(client.call('GetTransaction', { txid: 'x' }), status.INVALID_ARGUMENT, 'txid');
    await expectRpcError(client.call('GetTransaction', { txid: 'ef'.repeat(32) }), status.NOT_FOUND, 'not found');
    await expectRpcError(client.call('SendTransaction', {}), status.INVALID_ARGUMENT, 'data');
    await expectRpcError(client.call('GetPeer', { id: 9999 }), status.NOT_FOUND, 'peer');
    await expectRpcError(client.call('DisconnectPeer', {}), status.INVALID_ARGUMENT, 'id');
    await expectRpcError(client.call('AddBan', { address: 'nope' }), status.INVALID_ARGUMENT, 'address');
    await expectRpcError(client.call('RemoveBan', { address: '10.9.9.9' }), status.NOT_FOUND, 'ban');
    const badStream = client.raw.SubscribeEvents({ types: ['nonsense'] }, new Metadata());
    const streamError = await new Promise<ServiceError>((resolve) => badStream.on('error', resolve));
    expect({ code: streamError.code, details: streamError.details }).toEqual({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('types') });
  });

  it('SendTransaction, GetTransaction, ListMempool', async () => {
    const { txid } = await client.call('SendTransaction', { data: 'over grpc' });
    expect(await client.call('GetTransaction', { txid })).toMatchObject({ txid, inMempool: true, confirmations: 0 });
    expect(await client.call('ListMempool')).toMatchObject({ txids: [txid], size: 1 });
    const raw = (await client.call('GetTransaction', { txid })).hex;
    await expectRpcError(client.call('SendTransaction', { hex: raw }), status.ALREADY_EXISTS, 'rejected');
  });

  it('AddPeer, ListPeers, GetPeer, DisconnectPeer and their failures', async () => {
    const peer = await client.call('AddPeer', { address: `127.0.0.1:${b.ports.p2pPort}` });
    expect(peer).toMatchObject({ direction: 'outbound', handshake: 'connected', relay: true, sentPerCommand: { verack: { messages: '1', bytes: '24' } } });
    expect(peer.receivedPerCommand.version.messages).toBe('1');
    expect((await client.call('ListPeers')).peers.map((p: { id: number }) => p.id)).toContain(peer.id);
    expect(await client.call('GetPeer', { id: peer.id })).toMatchObject({ id: peer.id, address: peer.address });
    await expectRpcError(client.call('AddPeer', { address: `127.0.0.1:${b.ports.p2pPort}` }), status.ALREADY_EXISTS, '');
    await expectRpcError(client.call('AddPeer', { address: `127.0.0.1:${a.ports.p2pPort}` }), status.FAILED_PRECONDITION, '');
    await expectRpcError(client.call('AddPeer', { address: 'bad' }), status.INVALID_ARGUMENT, 'address');
    expect(await client.call('DisconnectPeer', { id: peer.id })).toEqual({ id: peer.id });
  });

  it('ListBans, AddBan, RemoveBan', async () => {
    expect(await client.call('AddBan', { address: '10.7.7.7', durationSeconds: 30 })).toMatchObject({ address: '10.7.7.7', reason: 'manual' });
    expect((await client.call('ListBans')).bans.map((b: { address: string }) => b.address)).toContain('10.7.7.7');
    expect(await client.call('RemoveBan', { address: '10.7.7.7' })).toEqual({ address: '10.7.7.7' });
  });

  it('SubscribeEvents streams block and transaction events', async () => {
    const call = client.raw.SubscribeEvents({ types: ['blockConnected', 'txAccepted'] }, new Metadata());
    const events: { type: string; json: string }[] = [];
    call.on('data', (event: { type: string; json: string }) => events.push(event));
    call.on('error', () => undefined);
    try {
      // The server subscribes when the call arrives: wait until it has (a first block is seen).
      await waitFor('subscription live', async () => {
        await client.call('Generate', { count: 1 });
        return events.some((e) => e.type === 'blockConnected') ? true : undefined;
      });
      const { txid } = await client.call('SendTransaction', { data: 'streamed' });
      await waitFor('txAccepted event', () => (events.some((e) => e.type === 'txAccepted' && JSON.parse(e.json).txid === txid) ? true : undefined));
      expect(events.every((e) => ['blockConnected', 'txAccepted'].includes(e.type))).toBe(true);
    } finally {
      call.cancel();
    }
  });

  it('serves grpc.health.v1 for "" and mbc.v1.NodeService', async () => {
    const health = healthClient(a.ports.grpcPort);
    try {
      // Readiness is refreshed every second and may dip while a peer announces blocks: poll.
      for (const service of ['', 'mbc.v1.NodeService']) {
        const check = () => new Promise<any>((resolve, reject) => health.Check({ service }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));
        await waitFor(`${service || 'overall'} SERVING`, async () => ((await check()).status === 'SERVING' ? true : undefined));
      }
      await expect(new Promise((resolve, reject) => health.Check({ service: 'no.such.Service' }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))))).rejects.toMatchObject({ code: status.NOT_FOUND });
    } finally {
      health.close();
    }
  });

  it('lists services through server reflection', async () => {
    expect(await reflectionServices(a.ports.grpcPort)).toEqual(expect.arrayContaining(['mbc.v1.NodeService']));
  });
});

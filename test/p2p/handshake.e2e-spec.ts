import { HandshakeState, P2PError, P2PErrorCode, PROTOCOL_VERSION, type HandshakeOutcome } from '@mbc/p2p';

import { RawPeer, startNode, stopAll, versionMessage, waitFor } from './p2p-support';

afterEach(stopAll);

describe('handshake', () => {
  it('completes in both directions and reports the peer on each side', async () => {
    const a = await startNode();
    const b = await startNode();
    const info = await b.node.connect(a.address);
    expect(info.direction).toBe('outbound');
    expect(info.handshake).toBe(HandshakeState.Connected);
    expect(info.version).toBe(PROTOCOL_VERSION);
    expect(info.userAgent).toMatch(/^\/MiniBlockchain:/);
    // NODE_NETWORK | NODE_WITNESS: what Core requires of the peers it dials (HasAllDesirableServiceFlags).
    expect(info.services).toBe('9');
    const inbound = await waitFor('inbound peer on a', () => a.node.peers().find((p) => p.handshake === HandshakeState.Connected));
    expect(inbound.direction).toBe('inbound');
    expect(inbound.receivedPerCommand.version.messages).toBe(1);
    expect(inbound.sentPerCommand.verack.messages).toBe(1);
  });

  it('refuses a connection to itself, detected by the version nonce', async () => {
    const a = await startNode();
    const outcomes: HandshakeOutcome[] = [];
    a.node.events.on('handshake', (e) => outcomes.push(e.outcome));
    const error = await a.node.connect(a.address).catch((e: P2PError) => e);
    expect(error).toBeInstanceOf(P2PError);
    expect((error as P2PError).code).toBe(P2PErrorCode.SelfConnection);
    await waitFor('both ends closed', () => a.node.peers().length === 0);
    expect(outcomes).toContain('self');
    // The address is remembered as ours: no second attempt goes out.
    await expect(a.node.connect(a.address)).rejects.toMatchObject({ code: P2PErrorCode.SelfConnection });
  });

  it('rejects a duplicate connection to the same ip:port', async () => {
    const a = await startNode();
    const b = await startNode();
    await b.node.connect(a.address);
    await expect(b.node.connect(a.address)).rejects.toMatchObject({ code: P2PErrorCode.Duplicate });
  });

  it('fails with UNREACHABLE when nothing listens and INVALID_ADDRESS for garbage', async () => {
    const a = await startNode();
    const free = await startNode();
    const closedAddress = free.address;
    await free.stop();
    await expect(a.node.connect(closedAddress)).rejects.toMatchObject({ code: P2PErrorCode.Unreachable });
    await expect(a.node.connect('not an address')).rejects.toMatchObject({ code: P2PErrorCode.InvalidAddress });
  });

  it('drops a peer that never finishes the handshake', async () => {
    const a = await startNode({ config: { handshakeTimeoutMs: 300 } });
    const outcome = new Promise((resolve) => a.node.events.on('handshake', (e) => resolve(e.outcome)));
    const raw = await RawPeer.open(a.address);
    raw.send(versionMessage());
    await raw.whenClosed(3_000);
    await expect(outcome).resolves.toBe('timeout');
  });

  it('tolerates feature negotiation between version and verack, and answers ping', async () => {
    const a = await startNode();
    const raw = await RawPeer.open(a.address);
    raw.send(versionMessage(0));
    raw.send({ command: 'wtxidrelay' });
    raw.send({ command: 'sendaddrv2' });
    raw.send({ command: 'unknown', name: 'sendtxrcncl', payload: Buffer.alloc(12) });
    await raw.next('verack');
    raw.send({ command: 'verack' });
    raw.send({ command: 'sendcmpct', announce: false, version: 2n });
    raw.send({ command: 'feefilter', feeRate: 1000n });
    raw.send({ command: 'ping', nonce: 7n });
    const pong = await raw.next('pong');
    expect(pong.nonce).toBe(7n);
    expect(raw.closed).toBe(false);
    const info = await waitFor('raw peer connected', () => a.node.peers().find((p) => p.handshake === HandshakeState.Connected));
    expect(info.misbehaviourScore).toBe(0);
  });

  it('measures ping latency from a pong that echoes the nonce', async () => {
    const a = await startNode({ config: { pingIntervalMs: 100 } });
    const b = await startNode({ config: { pingIntervalMs: 100 } });
    const latency = new Promise<number>((resolve) => b.node.events.on('pingLatency', (e) => resolve(e.seconds)));
    const { id } = await b.node.connect(a.address);
    expect(await latency).toBeGreaterThanOrEqual(0);
    const info = await waitFor('ping recorded', () => {
      const p = b.node.peer(id);
      return p && p.lastPingMs !== null && p.minPingMs !== null ? p : undefined;
    });
    expect(info.minPingMs).toBeLessThanOrEqual(info.lastPingMs!);
  });

  it('disconnects a peer that stops answering pings', async () => {
    const a = await startNode({ config: { pingIntervalMs: 50, pingTimeoutMs: 300 } });
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    const reason = new Promise((resolve) => a.node.events.on('peerDisconnected', (e) => resolve(e.reason)));
    // The raw peer never answers the node's pings.
    await raw.whenClosed(3_000);
    await expect(reason).resolves.toBe('ping-timeout');
  });

  it('refuses a peer with a protocol version below 31800', async () => {
    const a = await startNode();
    const raw = await RawPeer.open(a.address);
    raw.send({ ...(versionMessage() as Extract<ReturnType<typeof versionMessage>, { command: 'version' }>), version: 31799 });
    await raw.whenClosed();
    expect(a.node.bans.list()).toEqual([]);
  });

  it('keeps to its connection limits: LIMIT when dialling, inbound refused when full', async () => {
    const a = await startNode();
    const b = await startNode();
    const small = await startNode({ config: { maxConnections: 2, maxOutbound: 1 } });
    await small.node.connect(a.address);
    const inbound = await RawPeer.open(small.address);
    await inbound.handshake();
    await expect(small.node.connect(b.address)).rejects.toMatchObject({ code: P2PErrorCode.Limit });
    const refused = await RawPeer.open(small.address);
    await refused.whenClosed();
    expect(small.node.peers()).toHaveLength(2);
  });
});

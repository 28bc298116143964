// Wireshark's Bitcoin dissector judges our wire format. tshark captures every connection to one of
// our nodes (the hub) while another of our nodes and a bcoin node handshake, ping, exchange
// addresses, sync 50 blocks, relay a transaction and announce a new block. Then Wireshark decodes
// the capture: every command we expect must appear, the count of each command our hub sent must
// match the hub's own metrics, and no frame may be malformed — except those of a deliberately
// broken control connection, which prove the judge can see a malformed frame at all.
//
// Needs tshark (scripts/install-tshark.sh) and permission to capture on lo (root, or dumpcap with
// cap_net_raw): without them this test fails, it never skips.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { NodeHandle, connectPeer, generate, getChain, mempoolTxids, sendData, startNode, waitFor, waitForSameTip } from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';
import { BcoinHandle } from './bcoin-process';
import { messagesSent } from './metrics-text';
import { DecodedMessage, LoopbackCapture, decodeMessages, malformedFrames, tsharkPath } from './tshark';

const SYNC_BLOCKS = 50;
/** Only ever inside addr messages: every node here runs with --max-outbound 0, so nobody dials it. */
const ADVERTISED_ADDRESS = '11.22.33.44:18444';
/** Two of our nodes, bcoin and tshark start in ~10 s on an idle 2-core machine; allow for a loaded one. */
const CAPTURE_TEST_TIMEOUT_MS = 120_000;
/** The control connection's own loopback address, so the ban it earns hits nobody else. */
const CONTROL_HOST = '127.0.0.9';

/** Commands the scenario must produce, on the wire between real peers. */
const EXPECTED_COMMANDS = [
  'version', 'verack', 'sendheaders', 'ping', 'pong', 'getaddr', 'addr',
  'getheaders', 'headers', 'getblocks', 'inv', 'getdata', 'block', 'tx',
];

/**
 * A frame with regtest magic, a correct length and checksum, but a 10-byte `version` payload
 * (a real one is ≥ 85 bytes): Wireshark must flag it malformed. Built by hand from the protocol
 * facts (24-byte header: magic, NUL-padded command, LE length, hash256 checksum), not with libs/wire.
 */
function truncatedVersionFrame(): Buffer {
  const payload = Buffer.alloc(10, 0x01);
  const checksum = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest().subarray(0, 4);
  const command = Buffer.alloc(12);
  command.write('version', 'ascii');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(payload.length);
  return Buffer.concat([Buffer.from('fabfb5da', 'hex'), command, length, checksum, payload]);
}

/** Sends the broken frame from CONTROL_HOST and hangs up; returns the connection's local port. */
async function sendControlFrame(port: number): Promise<number> {
  const socket: Socket = connect({ host: '127.0.0.1', port, localAddress: CONTROL_HOST });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => undefined);
  const localPort = socket.localPort!;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.end(truncatedVersionFrame());
  await closed;
  return localPort;
}

function countBy(messages: readonly DecodedMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.command, (counts.get(m.command) ?? 0) + 1);
  return counts;
}

describe('interop: Wireshark’s Bitcoin dissector on our traffic', () => {
  const track = destroyAfterAll();
  const workDir = mkdtempSync(join(tmpdir(), 'mbc-pcap-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('decodes every message of a full session with zero malformed frames', async () => {
    tsharkPath(); // fails with install instructions when tshark is missing
    const quiet = ['--max-outbound', '0'];
    const [hub, follower] = await Promise.all([
      startNode({ name: 'hub', extraArgs: quiet }),
      startNode({ name: 'follower', extraArgs: [...quiet, '--advertise', ADVERTISED_ADDRESS] }),
    ]).then((nodes) => nodes.map((node) => track(node)) as [NodeHandle, NodeHandle]);
    const pcap = join(workDir, 'session.pcapng');
    const capture = await LoopbackCapture.start(pcap, [hub.p2pPort]);
    track({ destroy: () => capture.stop() });
    // The broken control frame goes first, so the whole session's traffic follows it through the
    // capture: stopping tshark right after it could drop packets still in the capture buffer.
    const controlPort = await sendControlFrame(hub.p2pPort);

    // Handshake, ping/pong, getaddr/addr (the follower announces its advertised address), headers sync.
    await generate(hub, SYNC_BLOCKS);
    await connectPeer(follower, hub.p2pAddress);
    await waitForSameTip([hub, follower], 30_000, SYNC_BLOCKS);
    // bcoin syncs with getblocks/inv; the hub answers its getaddr with the follower's address.
    const bcoin = await BcoinHandle.start({ only: [hub.p2pAddress] });
    track({ destroy: () => bcoin.destroy() });
    const { bestHash } = await getChain(hub);
    await bcoin.waitForTip(SYNC_BLOCKS, bestHash, 60_000);
    // Transaction relay (inv → getdata → tx), then a new block announced to both peers.
    const txid = await sendData(hub, 'hi');
    await waitFor(async () => (await mempoolTxids(follower)).includes(txid), { describe: 'the follower to receive the relayed tx' });
    await generate(hub, 1);
    await waitForSameTip([hub, follower], 30_000, SYNC_BLOCKS + 1);

    const sentBefore = await Promise.all(EXPECTED_COMMANDS.map((command) => messagesSent(hub, command)));
    await capture.stop();
    const sentAfter = await Promise.all(EXPECTED_COMMANDS.map((command) => messagesSent(hub, command)));

    const messages = await decodeMessages(pcap, [hub.p2pPort]);
    const decoded = countBy(messages);
    expect(EXPECTED_COMMANDS.filter((command) => !decoded.has(command))).toEqual([]);
    expect(messages.filter((m) => m.command === 'block').length).toBeGreaterThanOrEqual(2 * SYNC_BLOCKS);

    // Every message the hub sent is in the capture, decoded as the command it counted.
    const fromHub = countBy(messages.filter((m) => m.srcPort === hub.p2pPort));
    EXPECTED_COMMANDS.forEach((command, i) => {
      const seen = fromHub.get(command) ?? 0;
      expect({ command, seen, atLeast: sentBefore[i] <= seen, atMost: seen <= sentAfter[i] }).toEqual({ command, seen, atLeast: true, atMost: true });
    });

    // Zero malformed frames on real connections; the control connection's frame is flagged.
    const flagged = await malformedFrames(pcap, [hub.p2pPort]);
    const isControl = (f: { srcPort: number; dstPort: number }) => f.srcPort === controlPort || f.dstPort === controlPort;
    expect(flagged.filter((f) => !isControl(f))).toEqual([]);
    expect(flagged.filter(isControl).map((f) => f.info)).toEqual([expect.stringContaining('version')]);
  }, CAPTURE_TEST_TIMEOUT_MS);
});

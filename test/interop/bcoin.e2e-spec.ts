// Interoperability with bcoin (bcoin-org's full Bitcoin node in JavaScript, npm bcoin@1.0.2), run
// as a separate process on regtest. bcoin does its own handshake, getblocks/headers sync and full
// contextual block validation (PoW, merkle root, coinbase subsidy, timestamps, versionbits): if it
// rejects one of our blocks, its reject reason names the consensus rule our miner broke.
//
// Order matters and the tests share one pair of nodes:
//   bcoin dials us → handshake, ping/pong both ways, bcoin syncs and validates our 120 blocks,
//   then a block with a funded data transaction;
//   bcoin mines → we sync bcoin's blocks; we dial bcoin → addr/getaddr both ways.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHandle, PeerSummary, connectPeer, generate, getBlock, getChain, listPeers, sendData, startNode, waitFor } from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';
import { BcoinHandle } from './bcoin-process';
import { checkServedBlocks } from './independent-block-check';
import { messagesReceived, messagesSent } from './metrics-text';

const OUR_BLOCKS = 120;
const BCOIN_BLOCKS = 5;
/** NODE_NETWORK (our services are NODE_NETWORK | NODE_WITNESS) (libs/p2p LOCAL_SERVICES). */
const NODE_NETWORK = 1;
/** Addresses that only travel inside addr messages: nobody dials them (bcoin runs with `only`, we with --max-outbound 0). */
const OUR_ADVERTISED_ADDRESS = '11.22.33.44:18444';
const BCOIN_KNOWN_ADDRESS = '44.33.22.11:18444';
/** Starting two nodes and syncing 120 blocks takes ~5 s idle; bcoin's JS validation slows a lot on a loaded 2-core box. */
const SLOW_STEP_TIMEOUT_MS = 120_000;

type OurPeerView = PeerSummary & { userAgent: string; version: number; handshake: string; pingSeconds: number | null };

describe('interop: bcoin 1.0.2 on regtest', () => {
  const track = destroyAfterAll();
  let ours: NodeHandle;
  let bcoin: BcoinHandle;
  let ourTip: string;

  beforeAll(async () => {
    ours = track(await startNode({ name: 'ours', extraArgs: ['--max-outbound', '0', '--advertise', OUR_ADVERTISED_ADDRESS] }));
    const hashes = await generate(ours, OUR_BLOCKS);
    ourTip = hashes[hashes.length - 1];
    // bcoin dials us, and only us (its `only`, like Core's -connect).
    bcoin = await BcoinHandle.start({ only: [ours.p2pAddress] });
    track({ destroy: () => bcoin.destroy() });
  }, SLOW_STEP_TIMEOUT_MS);

  it('completes the version handshake both ways, each side seeing the other’s real version and services', async () => {
    const bcoinSide = await waitFor(async () => (await bcoin.status()).peers.find((p) => p.outbound && p.handshake), {
      describe: 'bcoin to finish its handshake with our node',
    });
    expect(bcoinSide).toMatchObject({ address: ours.p2pAddress, agent: expect.stringMatching(/^\/MiniBlockchain:/), version: 70015 });
    expect(bcoinSide.services & NODE_NETWORK).toBe(NODE_NETWORK);

    const ourSide = await waitFor(
      async () => ((await listPeers(ours)) as OurPeerView[]).find((p) => p.direction === 'inbound' && p.handshake === 'connected'),
      { describe: 'our node to list bcoin as a connected inbound peer' },
    );
    expect(ourSide).toMatchObject({ userAgent: bcoin.userAgent, version: 70015 });
  });

  it('bcoin fully validates and syncs our 120 blocks (no reject)', async () => {
    const status = await bcoin.waitForTip(OUR_BLOCKS, ourTip, SLOW_STEP_TIMEOUT_MS - 10_000);
    expect(status.rejects).toEqual([]);
    expect(status.received.block).toBeGreaterThanOrEqual(OUR_BLOCKS);
  }, SLOW_STEP_TIMEOUT_MS);

  it('bcoin accepts our block carrying a data transaction funded from a mature coin of ours', async () => {
    // Our first coinbases are mature at height 120, so the data transaction spends a real coin.
    const txid = await sendData(ours, 'interop with bcoin');
    const [hash] = await generate(ours, 1);
    ourTip = hash;
    const status = await bcoin.waitForTip(OUR_BLOCKS + 1, hash, SLOW_STEP_TIMEOUT_MS - 10_000);
    expect(status.rejects).toEqual([]);
    expect((await getBlock(ours, hash))?.txids).toContain(txid);
  }, SLOW_STEP_TIMEOUT_MS);

  it('our blocks also pass BIP34, PoW, merkle and subsidy checks written with bitcoinjs-lib (bcoin’s regtest skips BIP34)', async () => {
    expect(await checkServedBlocks(ours, 1, OUR_BLOCKS)).toEqual([]);
  });

  it('answers pings both ways (BIP31 pong echoes the nonce)', async () => {
    // Ours pings on connect; bcoin's pong sets the round-trip time on our side.
    await waitFor(async () => ((await listPeers(ours)) as OurPeerView[]).some((p) => p.direction === 'inbound' && p.pingSeconds !== null), {
      describe: 'our node to measure a ping round trip to bcoin',
    });
    // bcoin pings every 30 s; ask it to ping now and wait for it to accept our pong.
    const pingedAt = await bcoin.ping();
    const status = await waitFor(
      async () => {
        const s = await bcoin.status();
        return s.peers.some((p) => p.address === ours.p2pAddress && p.lastPongMs >= pingedAt) ? s : false;
      },
      { describe: 'bcoin to receive our pong' },
    );
    expect(status.received.pong).toBeGreaterThanOrEqual(1);
  });

  it('our node syncs blocks mined by bcoin’s own miner', async () => {
    const hashes = await bcoin.mine(BCOIN_BLOCKS);
    const tip = hashes[hashes.length - 1];
    const chain = await waitFor(
      async () => {
        const c = await getChain(ours);
        return c.bestHash === tip ? c : false;
      },
      { describe: `our node to reach bcoin's tip ${tip}` },
    );
    expect(chain.height).toBe(OUR_BLOCKS + 1 + BCOIN_BLOCKS);
    expect(await messagesReceived(ours, 'block')).toBeGreaterThanOrEqual(BCOIN_BLOCKS);
  });

  it('exchanges addresses both ways when our node dials bcoin (addr + getaddr)', async () => {
    await bcoin.addHost(BCOIN_KNOWN_ADDRESS);
    const addrBefore = await messagesReceived(ours, 'addr');
    const outbound = (await connectPeer(ours, bcoin.p2pAddress)) as OurPeerView;
    expect(outbound.direction).toBe('outbound');

    // We announce our advertised address to an outbound peer; bcoin keeps it in its address manager.
    await waitFor(async () => (await bcoin.status()).hosts.includes(OUR_ADVERTISED_ADDRESS), {
      describe: `bcoin to learn our advertised address ${OUR_ADVERTISED_ADDRESS}`,
    });
    // We ask an outbound peer for addresses; bcoin answers with what it knows.
    await waitFor(async () => (await messagesReceived(ours, 'addr')) > addrBefore, { describe: 'our node to receive bcoin’s addr answer' });
    expect(await messagesSent(ours, 'getaddr')).toBeGreaterThanOrEqual(1);

    // Our address book is flushed to <dataDir>/<network>/peers.json on shutdown.
    await ours.stop();
    const peersFile = join(ours.dataDir, 'regtest', 'peers.json');
    expect(existsSync(peersFile)).toBe(true);
    expect(readFileSync(peersFile, 'utf8')).toContain(BCOIN_KNOWN_ADDRESS.split(':')[0]);
  });
});

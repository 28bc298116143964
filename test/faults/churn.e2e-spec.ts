// Churn: peers join and leave at random (clean stops and crashes) around a stable core of three
// nodes. Afterwards the core must still be one connected network, and each core node's RSS, open
// sockets and peer table must be back near their baselines: no leak per connection.
// CI: 15 s of churn; `MBC_PROFILE=long npx jest test/faults`: 60 s. Replay with MBC_SEED=<seed>.
import {
  NodeHandle,
  SeededRandom,
  byProfile,
  generate,
  peerCount,
  rssKiB,
  socketCount,
  startNetwork,
  startNode,
  waitFor,
  waitForSameTip,
} from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';

const CHURN_MS = byProfile(15_000, 60_000);
const MAX_TRANSIENT = 4;
/** Sockets a node may hold beyond its baseline afterwards (dials still being retried, API keep-alives). */
const SOCKET_SLACK = 6;
const RSS_SLACK_KIB = 64 * 1024;

interface Baseline {
  readonly peers: number;
  readonly sockets: number;
  readonly rssKiB: number;
}

function measure(node: NodeHandle): Promise<Baseline> {
  return peerCount(node).then((peers) => ({ peers, sockets: socketCount(node.pid), rssKiB: rssKiB(node.pid) }));
}

describe(`churn: peers joining and leaving for ${CHURN_MS / 1000} s`, () => {
  const track = destroyAfterAll();
  const random = new SeededRandom();

  it('leaves a connected network with RSS, sockets and peer tables near baseline', async () => {
    console.log(`churn schedule seed ${random.seed} (replay: MBC_SEED=${random.seed})`);
    // The core doesn't fill outbound slots from its address book (--max-outbound 0), so its peer
    // tables are exactly the ring plus whoever dials in: the baseline is well defined.
    const core = track(await startNetwork(3, 'ring', { node: () => ({ extraArgs: ['--max-outbound', '0'] }) }));
    await generate(core.nodes[0], 3);
    await waitForSameTip(core.nodes, 30_000, 3);
    const baselines = await Promise.all(core.nodes.map(measure));

    const transient = new Set<NodeHandle>();
    let joins = 0;
    let leaves = 0;
    const deadline = Date.now() + CHURN_MS;
    while (Date.now() < deadline) {
      if (transient.size < MAX_TRANSIENT && (transient.size === 0 || random.next() < 0.55)) {
        const peers = [random.pick(core.nodes), random.pick(core.nodes)].map((n) => n.p2pAddress);
        const node = await startNode({ name: `transient-${++joins}`, connect: [...new Set(peers)] });
        transient.add(node);
        await waitFor(async () => (await peerCount(node)) > 0, { timeoutMs: 15_000, describe: `${node.name} to join the network` });
        if (random.next() < 0.3) await generate(node, 1).catch(() => undefined);
      } else {
        const node = random.pick([...transient]);
        transient.delete(node);
        if (random.next() < 0.5) node.kill('SIGKILL');
        await node.destroy();
        leaves++;
      }
      if (random.next() < 0.3) await generate(random.pick(core.nodes), 1);
    }
    for (const node of transient) await node.destroy();
    leaves += transient.size;

    const after = await waitFor(
      async () => {
        const now = await Promise.all(core.nodes.map(measure));
        const settled = now.every((m, k) => m.peers === baselines[k].peers && m.sockets <= baselines[k].sockets + SOCKET_SLACK);
        if (!settled) throw new Error(`baseline ${JSON.stringify(baselines)}, now ${JSON.stringify(now)}`); // Shown on timeout.
        return now;
      },
      { timeoutMs: 60_000, describe: 'core peer tables and sockets back at baseline' },
    );

    // The core is still one network: a new block reaches every core node. (Transients may have
    // left equal-work forks behind; the new block settles them.) Deadlines are generous because
    // the rest of the suite shares the two cores.
    const [tip] = await generate(core.nodes[0], 1);
    expect((await waitForSameTip(core.nodes, 60_000)).bestHash).toBe(tip);
    after.forEach((m, k) => expect(m.rssKiB - baselines[k].rssKiB).toBeLessThan(RSS_SLACK_KIB));
    console.log(`churn: ${joins} joins, ${leaves} leaves; baseline ${JSON.stringify(baselines)}; after ${JSON.stringify(after)}`);
  }, CHURN_MS + 180_000);
});

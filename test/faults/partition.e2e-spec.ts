// Network partition (issue #7): 6 nodes in a ring split into two halves. Where the machine allows
// it (root), every node runs in its own network namespace and the cut is real: routes block the
// cross traffic, the connections across it hang, and the nodes drop them by ping timeout.
// Elsewhere each node gets its own loopback address and the halves ban each other
// (harness/network-cut.ts). Both halves mine, the losing (less-work) half a transaction; after healing
// every node must follow the most-work tip, and the losing side's transaction must be back in the
// mempools (Core's MaybeUpdateMempoolForReorg).
import {
  NodeHandle,
  ensurePeer,
  generate,
  getBlock,
  listPeers,
  mempoolTxids,
  planNetworkCut,
  sendData,
  startNetwork,
  waitFor,
  waitForSameTip,
} from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';

const hostOfAddress = (address: string) => address.slice(0, address.lastIndexOf(':'));

/** True when no node has a peer on the other side (every connection is someone's outbound). */
async function isolated(left: NodeHandle[], right: NodeHandle[]): Promise<boolean> {
  for (const [side, other] of [
    [left, right],
    [right, left],
  ]) {
    const otherHosts = new Set(other.map((node) => node.p2pHost));
    for (const node of side) {
      if ((await listPeers(node)).some((peer) => otherHosts.has(hostOfAddress(peer.address)) && peer.direction === 'outbound')) return false;
    }
  }
  return true;
}

const plan = planNetworkCut();

describe(`partition (cut by ${plan.description}): two halves mine apart, then heal`, () => {
  const track = destroyAfterAll();

  it('every node converges on the most-work tip and the losing side’s transactions return to the mempools', async () => {
    const size = 6;
    const partition = track(plan.open(size));
    const network = track(await startNetwork(size, 'ring', { node: (i) => partition.nodeOptions(i) }));
    const nodes = network.nodes;
    const winners = nodes.slice(0, 3);
    const losers = nodes.slice(3);
    await generate(nodes[0], 2);
    const start = await waitForSameTip(nodes, 30_000, 2);

    await partition.cut(winners, losers);
    // Generous deadline: six node processes share two cores with the rest of the suite.
    await waitFor(() => isolated(winners, losers), { timeoutMs: 60_000, describe: 'no connection left between the halves' });

    // The losing side sees a transaction and mines it in 2 blocks; the winning side mines 4.
    const txid = await sendData(losers[0], `partition-${Date.now()}`);
    await waitFor(async () => (await Promise.all(losers.map(mempoolTxids))).every((txids) => txids.includes(txid)), {
      describe: 'the transaction to reach the losing side',
    });
    const losingBlocks = await generate(losers[0], 2);
    expect((await getBlock(losers[0], losingBlocks[0]))?.txids).toContain(txid);
    await generate(winners[0], 4);
    const winning = await waitForSameTip(winners, 20_000, start.height + 4);
    const losing = await waitForSameTip(losers, 20_000, start.height + 2);
    expect(losing.bestHash).not.toBe(winning.bestHash);

    // Heal, and re-dial the ring's cross links as an operator would.
    await partition.heal(winners, losers);
    await ensurePeer(losers[0], winners[2].p2pAddress);
    await ensurePeer(winners[0], losers[2].p2pAddress);

    const healed = await waitForSameTip(nodes, 30_000);
    expect(healed.bestHash).toBe(winning.bestHash);
    expect(healed.height).toBe(start.height + 4);
    for (const hash of losingBlocks) expect((await getBlock(losers[0], hash))?.confirmations).toBe(0);
    await waitFor(async () => (await Promise.all(losers.map(mempoolTxids))).every((txids) => txids.includes(txid)), {
      describe: `the losing side's transaction ${txid} back in its mempools`,
    });
  }, 180_000);
});

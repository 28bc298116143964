// Network partition: 6 nodes on their own loopback addresses (127.0.0.2..7) split into two halves
// by mutual bans (every connection is someone's outbound dial, and a node neither dials a banned
// address nor keeps a peer at one, so bans on both sides cut every cross link without root or
// network namespaces). Both halves mine, the smaller half more slowly; a transaction is mined on
// the losing side. After healing every node must follow the most-work tip, and the losing side's
// transaction must be back in the mempools (Core's MaybeUpdateMempoolForReorg).
import {
  NodeHandle,
  addBan,
  ensurePeer,
  generate,
  getBlock,
  listPeers,
  mempoolTxids,
  removeBan,
  sendData,
  startNetwork,
  waitFor,
  waitForSameTip,
} from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';

const hostOf = (node: NodeHandle) => node.p2pHost;
const hostOfAddress = (address: string) => address.slice(0, address.lastIndexOf(':'));

/** True when no node has a peer on the other side. */
async function isolated(left: NodeHandle[], right: NodeHandle[]): Promise<boolean> {
  for (const [side, other] of [
    [left, right],
    [right, left],
  ]) {
    const otherHosts = new Set(other.map(hostOf));
    for (const node of side) {
      if ((await listPeers(node)).some((peer) => otherHosts.has(hostOfAddress(peer.address)) && peer.direction === 'outbound')) return false;
    }
  }
  return true;
}

describe('partition: two halves mine apart, then heal', () => {
  const track = destroyAfterAll();

  it('every node converges on the most-work tip and the losing side’s transactions return to the mempools', async () => {
    const network = track(await startNetwork(6, 'ring', { distinctHosts: true }));
    const nodes = network.nodes;
    const winners = nodes.slice(0, 3);
    const losers = nodes.slice(3);
    await generate(nodes[0], 2);
    const start = await waitForSameTip(nodes, 30_000, 2);

    // Cut: each side bans the other side's addresses.
    for (const [side, other] of [
      [winners, losers],
      [losers, winners],
    ]) {
      for (const node of side) for (const peer of other) await addBan(node, hostOf(peer), 600);
    }
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

    // Heal: lift the bans and re-dial the ring's cross links.
    for (const [side, other] of [
      [winners, losers],
      [losers, winners],
    ]) {
      for (const node of side) for (const peer of other) await removeBan(node, hostOf(peer));
    }
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

// Crash safety: SIGKILL a node at random moments while it syncs from and mines with others. Every
// restart must reopen a consistent chain holding every block the API had reported as connected
// (Core's guarantee: what was connected survives a crash), and the node must catch up again.
// CI: 5 kills; `MBC_PROFILE=long npx jest test/faults`: 20. Replay a schedule with MBC_SEED=<seed>.
import {
  NodeHandle,
  SeededRandom,
  byProfile,
  checkActiveChain,
  generate,
  getBlock,
  getChain,
  peerCount,
  startNetwork,
  startNode,
  waitFor,
  waitForSameTip,
} from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';

const KILLS = byProfile(5, 20);
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe(`crash: SIGKILL a syncing, mining node ${KILLS} times`, () => {
  const track = destroyAfterAll();
  const random = new SeededRandom();

  it('every restart reopens a consistent chain with every reported block, then catches up', async () => {
    console.log(`crash schedule seed ${random.seed} (replay: MBC_SEED=${random.seed})`);
    const others = track(await startNetwork(2, 'line'));
    const [miner, relay] = others.nodes;
    const victim: NodeHandle = track(await startNode({ name: 'victim', addnode: [miner.p2pAddress, relay.p2pAddress] }));
    await generate(miner, 5);
    await waitForSameTip([miner, relay, victim], 30_000, 5);

    /** Hashes the victim's API reported as connected: its own generate results and its tips. */
    const reported = new Set<string>();
    let reportedHeight = 0;
    const restartSeconds: number[] = [];

    for (let kill = 1; kill <= KILLS; kill++) {
      let killed = false;
      // Load at the moment of the crash: a burst to sync from the miner, and the victim mining too.
      const burst = generate(miner, random.int(5, 40)).catch(() => undefined);
      const victimMining = (async () => {
        while (!killed) {
          try {
            for (const hash of await generate(victim, 1)) reported.add(hash);
            const chain = await getChain(victim);
            reported.add(chain.bestHash);
            reportedHeight = Math.max(reportedHeight, chain.height);
          } catch {
            return; // The kill landed mid-request: nothing it answered is missing.
          }
        }
      })();
      await delay(random.int(20, 800)); // The crash moment (random), not a synchronisation.
      killed = true;
      victim.kill('SIGKILL');
      await victim.waitExit();
      await Promise.all([burst, victimMining]);

      const started = Date.now();
      await victim.start();
      restartSeconds.push((Date.now() - started) / 1000);
      const reopened = await checkActiveChain(victim);
      expect(reopened.height).toBeGreaterThanOrEqual(reportedHeight);
      const missing: string[] = [];
      for (const hash of reported) if (!(await getBlock(victim, hash))) missing.push(hash);
      expect({ kill, missing }).toEqual({ kill, missing: [] });

      // Catch up: once reconnected, one more block on the miner breaks any equal-work tie.
      await waitFor(async () => (await peerCount(victim)) > 0, { timeoutMs: 20_000, describe: 'the victim to reconnect' });
      const [tip] = await generate(miner, 1);
      const converged = await waitForSameTip([miner, relay, victim], 30_000);
      expect(converged.bestHash).toBe(tip);
    }
    await checkActiveChain(victim);
    console.log(`crash: ${KILLS} kills, ${reported.size} reported blocks checked, restart-to-live seconds ${JSON.stringify(restartSeconds)}`);
  }, byProfile(240_000, 1_200_000));
});

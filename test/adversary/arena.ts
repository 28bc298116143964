import { NodeHandle, generate, getChain, listBans, rssKiB, startNode, waitFor, waitForSameTip } from '../harness';
import { Attacker } from './attacker';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A target node whose only outbound peer is an honest node (outbound peers are never evicted, as
 * in Core), plus helpers to attack it from distinct loopback addresses 127.0.0.x (x ≥ 20): the
 * honest peer's connection comes from 127.0.0.1, so banning an attacker never hits it.
 */
export class Arena {
  private nextHost = 20;
  readonly rssSamplesKiB: { label: string; kib: number }[] = [];

  private constructor(
    readonly honest: NodeHandle,
    readonly target: NodeHandle,
    readonly baselineRssKiB: number,
  ) {}

  static async open(options: { maxConnections?: number; extraArgs?: string[] } = {}): Promise<Arena> {
    const honest = await startNode({ name: 'honest' });
    let target: NodeHandle | undefined;
    try {
      target = await startNode({
        name: 'target',
        connect: [honest.p2pAddress],
        maxConnections: options.maxConnections ?? 40,
        banTimeSec: 3600,
        extraArgs: options.extraArgs,
      });
      await generate(honest, 3);
      await waitForSameTip([honest, target], 30_000, 3);
      return new Arena(honest, target, rssKiB(target.pid));
    } catch (err) {
      await Promise.all([honest.destroy(), target?.destroy()]);
      throw err;
    }
  }

  async destroy(): Promise<void> {
    await Promise.all([this.honest.destroy(), this.target.destroy()]);
  }

  /** A fresh loopback source address for the next attacker. */
  freshHost(): string {
    if (this.nextHost > 254) throw new Error('out of loopback attacker addresses');
    return `127.0.0.${this.nextHost++}`;
  }

  /** An attacker connected from a fresh address. */
  attacker(host = this.freshHost()): Promise<Attacker> {
    return Attacker.connect({ host: '127.0.0.1', port: this.target.p2pPort, localAddress: host });
  }

  /**
   * Runs the attack while the honest node mines a block every ~200 ms, then requires the target
   * to reach the honest tip: an honest peer keeps syncing throughout the attack.
   */
  async duringHonestMining<T>(attack: () => Promise<T>): Promise<T> {
    let mining = true;
    const miner = (async () => {
      while (mining) {
        await generate(this.honest, 1);
        await delay(200); // Pacing only: a block every ~200 ms, not a synchronisation.
      }
    })();
    try {
      return await attack();
    } finally {
      mining = false;
      await miner;
      const tip = await getChain(this.honest);
      await waitFor(async () => (await getChain(this.target)).bestHash === tip.bestHash, {
        timeoutMs: 20_000,
        describe: `target to follow the honest tip ${tip.height} after the attack`,
      });
    }
  }

  async isBanned(host: string): Promise<boolean> {
    return (await listBans(this.target)).some((ban) => ban.address === host);
  }

  async expectBanned(host: string): Promise<void> {
    await waitFor(() => this.isBanned(host), { timeoutMs: 10_000, describe: `GET /v1/bans to list ${host}` });
  }

  /**
   * Waits (up to 10 s) for the target's RSS to be within `maxGrowthKiB` of its baseline, and
   * records the lowest growth seen. V8 returns freed pages lazily, so one sample right after a
   * flood measures garbage not yet collected; a leak never comes back under the bound.
   */
  async expectRssSettles(label: string, maxGrowthKiB: number): Promise<void> {
    await waitFor(() => this.rssGrowthKiB(label) < maxGrowthKiB, {
      timeoutMs: 10_000,
      intervalMs: 250,
      describe: `target RSS after "${label}" to settle within ${maxGrowthKiB} KiB of its baseline ${this.baselineRssKiB} KiB`,
    });
  }

  /** Records the target's RSS and returns the growth over the baseline in KiB. */
  rssGrowthKiB(label: string): number {
    const kib = rssKiB(this.target.pid);
    this.rssSamplesKiB.push({ label, kib });
    return kib - this.baselineRssKiB;
  }
}

import { NetnsFabric, probeNetns } from './netns';
import { loopbackHost } from './network';
import { addBan, removeBan } from './node-api';
import type { NodeHandle, StartNodeOptions } from './node-process';

/** A way to split a running network in two and join it again. */
export interface NetworkCut {
  /** Options node `index` of the network must start with for this cut to reach it. */
  nodeOptions(index: number): StartNodeOptions;
  /** Stops all traffic between the two sides (the nodes notice on their own time). */
  cut(left: readonly NodeHandle[], right: readonly NodeHandle[]): Promise<void>;
  heal(left: readonly NodeHandle[], right: readonly NodeHandle[]): Promise<void>;
  destroy(): Promise<void>;
}

/** Which cut this machine allows, decided before any test runs so the test name can say it. */
export interface NetworkCutPlan {
  /** The mechanism, and why when it is the fallback. */
  readonly description: string;
  open(size: number): NetworkCut;
}

/**
 * Core drops a peer whose ping goes unanswered for 20 minutes (TIMEOUT_INTERVAL). A namespace cut
 * is silent, so that timeout is the only way the nodes learn of it: shortened here so the halves
 * notice within seconds and heal over fresh connections, instead of waiting out TCP's
 * retransmission backoff on the connections the cut left hanging.
 */
const SILENT_CUT_PEER_TIMING = ['--ping-interval', '1s', '--peer-timeout', '5s'];

/** Real partitions: every node in its own namespace, cross traffic blocked by routes (netns.ts). */
class NamespaceCut implements NetworkCut {
  constructor(private readonly fabric: NetnsFabric) {}

  nodeOptions(index: number): StartNodeOptions {
    return { netns: this.fabric.endpoint(index), extraArgs: SILENT_CUT_PEER_TIMING };
  }

  async cut(left: readonly NodeHandle[], right: readonly NodeHandle[]): Promise<void> {
    this.fabric.partition(left.map((node) => node.p2pHost), right.map((node) => node.p2pHost));
  }

  async heal(): Promise<void> {
    this.fabric.heal();
  }

  async destroy(): Promise<void> {
    await this.fabric.destroy();
  }
}

/** Bans of a long enough duration: the exact length does not matter, heal() lifts them. */
const CUT_BAN_SECONDS = 600;

/**
 * Without root: each node on its own loopback address, each side banning the other's. Every
 * connection is someone's outbound dial, and a node neither dials a banned address nor keeps a
 * peer at one, so bans on both sides cut every cross link (and the nodes drop them at once).
 */
class BanCut implements NetworkCut {
  nodeOptions(index: number): StartNodeOptions {
    return { p2pHost: loopbackHost(index) };
  }

  async cut(left: readonly NodeHandle[], right: readonly NodeHandle[]): Promise<void> {
    await forEachCrossPair(left, right, (node, peer) => addBan(node, peer.p2pHost, CUT_BAN_SECONDS));
  }

  async heal(left: readonly NodeHandle[], right: readonly NodeHandle[]): Promise<void> {
    await forEachCrossPair(left, right, (node, peer) => removeBan(node, peer.p2pHost));
  }

  async destroy(): Promise<void> {}
}

async function forEachCrossPair(
  left: readonly NodeHandle[],
  right: readonly NodeHandle[],
  action: (node: NodeHandle, peer: NodeHandle) => Promise<void>,
): Promise<void> {
  for (const [side, other] of [
    [left, right],
    [right, left],
  ]) {
    for (const node of side) for (const peer of other) await action(node, peer);
  }
}

/**
 * Network namespaces when the machine allows them (root, and `ip netns add` works), otherwise
 * bans; MBC_TEST_NO_NETNS=1 forces bans, so that both paths can be run anywhere root is.
 */
export function planNetworkCut(): NetworkCutPlan {
  const support = process.env.MBC_TEST_NO_NETNS === '1' ? { available: false, reason: 'MBC_TEST_NO_NETNS=1' } : probeNetns();
  if (support.available) return { description: 'network namespaces', open: (size) => new NamespaceCut(NetnsFabric.create(size)) };
  return { description: `bans, as network namespaces are unavailable: ${support.reason}`, open: () => new BanCut() };
}

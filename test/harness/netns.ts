import { spawnSync } from 'node:child_process';

import type { NetnsEndpoint } from './node-process';
import { cleanUpAtExit } from './registry';

/**
 * Every namespace, link and bridge a fabric creates is named `mbct<pid>…` after the process that
 * owns it, so a later run can tell the leftovers of a crashed run (owner gone) from a live one.
 * Linux interface names stop at 15 characters: `mbct` + a 7-digit pid + `h99` fits.
 */
const NAME_PREFIX = 'mbct';
const OWNED_NAME = new RegExp(`^${NAME_PREFIX}(\\d+)`);
const MAX_NODES = 99;

/** An `ip` command that failed; carries what it printed. */
export class NetnsCommandError extends Error {
  override readonly name = 'NetnsCommandError';
  constructor(
    readonly args: readonly string[],
    readonly output: string,
  ) {
    super(`ip ${args.join(' ')} failed: ${output.trim() || 'no output'}`);
  }
}

/** A fabric asked for something it cannot do. */
export class NetnsFabricError extends Error {
  override readonly name = 'NetnsFabricError';
  constructor(
    readonly code: 'BAD_SIZE' | 'ALREADY_OPEN' | 'NO_FREE_SUBNET' | 'ALREADY_PARTITIONED' | 'UNKNOWN_ADDRESS',
    message: string,
  ) {
    super(message);
  }
}

function ip(args: readonly string[], input?: string): string {
  const result = spawnSync('ip', args, { input, encoding: 'utf8' });
  if (result.error) throw new NetnsCommandError(args, result.error.message);
  if (result.status !== 0) throw new NetnsCommandError(args, `${result.stderr}${result.stdout}`);
  return result.stdout;
}

/**
 * For teardown, which goes on past what is already gone (a half-built fabric, a second destroy,
 * another run removing the same leftovers): returns any other failure instead of throwing it.
 */
function deleteIfPresent(args: readonly string[]): NetnsCommandError | undefined {
  try {
    ip(args);
    return undefined;
  } catch (err) {
    if (err instanceof NetnsCommandError && /Cannot find device|No such file or directory|does not exist/.test(err.output)) return undefined;
    return err as NetnsCommandError;
  }
}

/** Runs every deletion, then throws if any failed for a reason other than "already gone". */
function deleteAll(commands: readonly (readonly string[])[]): void {
  const failures = commands.map(deleteIfPresent).filter((failure) => failure !== undefined);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} ip deletions failed`);
}

/** Whether this process may build a fabric: the answer, and why not when it may not. */
export interface NetnsSupport {
  readonly available: boolean;
  readonly reason: string;
}

/** Root, and `ip netns add` works (a container without CAP_SYS_ADMIN cannot mount a namespace). */
export function probeNetns(): NetnsSupport {
  if (process.getuid?.() !== 0) return { available: false, reason: 'not root' };
  const probe = `${NAME_PREFIX}${process.pid}probe`;
  try {
    ip(['netns', 'add', probe]);
    ip(['netns', 'del', probe]);
    return { available: true, reason: 'root and ip netns add work' };
  } catch (err) {
    return { available: false, reason: (err as Error).message };
  }
}

function ownerIsGone(name: string): boolean {
  const owner = OWNED_NAME.exec(name)?.[1];
  if (owner === undefined) return false;
  try {
    process.kill(Number(owner), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Deletes the namespaces, veths and bridges that crashed runs left behind (their owner pid is no
 * longer running). Deleting the root-side end of a veth deletes its peer in the namespace too.
 */
export function removeStaleFabrics(): void {
  const links = JSON.parse(ip(['-j', 'link', 'show'])) as { ifname: string }[];
  const namespaces = JSON.parse(ip(['-j', 'netns', 'list']) || '[]') as { name: string }[];
  deleteAll([
    ...links.filter(({ ifname }) => ownerIsGone(ifname)).map(({ ifname }) => ['link', 'del', ifname]),
    ...namespaces.filter(({ name }) => ownerIsGone(name)).map(({ name }) => ['netns', 'del', name]),
  ]);
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Whether two IPv4 prefixes (`a.b.c.d/len`, or a bare address) share any address. */
function overlaps(a: string, b: string): boolean {
  const [addressA, lengthA = '32'] = a.split('/');
  const [addressB, lengthB = '32'] = b.split('/');
  const shorter = Math.min(Number(lengthA), Number(lengthB));
  const mask = shorter === 0 ? 0 : (0xffffffff << (32 - shorter)) >>> 0;
  return ((ipv4ToNumber(addressA) & mask) >>> 0) === ((ipv4ToNumber(addressB) & mask) >>> 0);
}

/**
 * A private /24 for this run, derived from the pid so parallel runs pick different ones, and
 * skipping any that overlaps a route the root namespace already has (the host's own networks,
 * another run's bridge): a more specific route of ours would hijack that traffic.
 */
function chooseSubnetPrefix(): string {
  const routes = (JSON.parse(ip(['-j', '-4', 'route', 'show', 'table', 'all'])) as { dst: string }[])
    .map((route) => route.dst)
    .filter((dst) => dst !== 'default' && /^\d/.test(dst));
  for (let offset = 0; offset < 256; offset++) {
    const slot = (process.pid + offset * 257) % 65_536;
    const prefix = `10.${slot >> 8}.${slot & 255}`;
    if (!routes.some((dst) => overlaps(dst, `${prefix}.0/24`))) return prefix;
  }
  throw new NetnsFabricError('NO_FREE_SUBNET', 'every candidate 10.x.y.0/24 overlaps a route of the root namespace');
}

let fabricOpen = false;

/**
 * A private network of `size` namespaces for multi-process tests: one namespace per node (`lo`
 * up, `eth0` at 10.x.y.(i+2)/24), each linked by a veth into a bridge in the root namespace that
 * holds 10.x.y.1, so the test process reaches every node's API directly (no IP forwarding).
 *
 * partition() cuts only the traffic between two groups, with `unreachable` routes inside each
 * namespace: the bridge and the root namespace's reach stay intact. New dials across the cut fail
 * at once (EHOSTUNREACH), while connections already open across it hang as in a real partition:
 * TCP retransmits into the void and the application hears nothing until its own timeouts fire.
 */
export class NetnsFabric {
  private readonly owner = `${NAME_PREFIX}${process.pid}`;
  private readonly bridge = `${this.owner}br`;
  /** Routes partition() added, per namespace, for heal() to take back. */
  private readonly cuts = new Map<string, string[]>();
  private readonly unregisterExitCleanup: () => void;
  private destroyed = false;

  private constructor(
    readonly size: number,
    private readonly subnetPrefix: string,
  ) {
    this.unregisterExitCleanup = cleanUpAtExit(() => this.destroySync());
  }

  /** Removes earlier runs' leftovers, then builds the bridge and `size` namespaces. */
  static create(size: number): NetnsFabric {
    if (!(size >= 1 && size <= MAX_NODES)) throw new NetnsFabricError('BAD_SIZE', `a fabric holds 1..${MAX_NODES} nodes, not ${size}`);
    if (fabricOpen) throw new NetnsFabricError('ALREADY_OPEN', 'this process already has a fabric open (its names derive from the pid)');
    removeStaleFabrics();
    const fabric = new NetnsFabric(size, chooseSubnetPrefix());
    fabricOpen = true;
    try {
      fabric.build();
      return fabric;
    } catch (err) {
      fabric.destroySync();
      throw err;
    }
  }

  /** Where node `index` runs: pass as StartNodeOptions.netns. */
  endpoint(index: number): NetnsEndpoint {
    return { name: this.namespace(index), address: this.address(index) };
  }

  /** Cuts all traffic between the nodes at the `left` and `right` addresses, both ways. */
  partition(left: readonly string[], right: readonly string[]): void {
    if (this.cuts.size > 0) throw new NetnsFabricError('ALREADY_PARTITIONED', 'the fabric is already partitioned; heal() first');
    for (const [side, other] of [
      [left, right],
      [right, left],
    ]) {
      for (const address of side) this.cuts.set(this.namespaceOf(address), other.map((peer) => `${peer}/32`));
    }
    this.applyCuts('add');
  }

  /** Removes the cut: packets flow again (connections that survived resume when TCP retransmits). */
  heal(): void {
    this.applyCuts('del');
    this.cuts.clear();
  }

  async destroy(): Promise<void> {
    this.destroySync();
  }

  /** Idempotent, and synchronous so that it can run from the process's exit hook. */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.unregisterExitCleanup();
    fabricOpen = false;
    const indices = Array.from({ length: this.size }, (_, i) => i);
    deleteAll([
      ...indices.map((i) => ['link', 'del', this.hostLink(i)]),
      ...indices.map((i) => ['netns', 'del', this.namespace(i)]),
      ['link', 'del', this.bridge],
    ]);
  }

  private build(): void {
    ip(['link', 'add', this.bridge, 'type', 'bridge']);
    ip(['addr', 'add', `${this.subnetPrefix}.1/24`, 'dev', this.bridge]);
    ip(['link', 'set', this.bridge, 'up']);
    for (let i = 0; i < this.size; i++) {
      const ns = this.namespace(i);
      ip(['netns', 'add', ns]);
      ip(['link', 'add', this.hostLink(i), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      ip(['link', 'set', this.hostLink(i), 'master', this.bridge, 'up']);
      ip(['-n', ns, '-batch', '-'], [`addr add ${this.address(i)}/24 dev eth0`, 'link set eth0 up', 'link set lo up'].join('\n'));
    }
  }

  /** One `ip -batch` per namespace: a partition of 6 nodes is 6 processes, not 18. */
  private applyCuts(action: 'add' | 'del'): void {
    for (const [ns, destinations] of this.cuts) {
      ip(['-n', ns, '-batch', '-'], destinations.map((destination) => `route ${action} unreachable ${destination}`).join('\n'));
    }
  }

  private namespace(index: number): string {
    return `${this.owner}n${index}`;
  }

  private hostLink(index: number): string {
    return `${this.owner}h${index}`;
  }

  private address(index: number): string {
    return `${this.subnetPrefix}.${index + 2}`;
  }

  private namespaceOf(address: string): string {
    const index = Number(address.slice(this.subnetPrefix.length + 1)) - 2;
    if (!address.startsWith(`${this.subnetPrefix}.`) || !(index >= 0 && index < this.size)) {
      throw new NetnsFabricError('UNKNOWN_ADDRESS', `${address} is not a node address of this fabric (${this.subnetPrefix}.2..${this.size + 1})`);
    }
    return this.namespace(index);
  }
}

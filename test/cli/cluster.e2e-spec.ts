// `npm run cluster`: real node processes wired together, a tip they agree on, and SIGINT stopping
// every one of them. Needs `npm run build` first.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { restRequest, waitFor } from '../harness';
import { CliProcess, spawnCli } from './cli-process';

interface StartedNode {
  readonly name: string;
  readonly pid: number;
  readonly rest: string;
}

const STARTED = /^started (node-\d+) pid=(\d+) p2p=\S+ rest=(\S+) grpc=\S+/gm;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function clusterFilePids(dataDir: string): number[] {
  try {
    return (JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8')) as { nodes: { pid: number }[] }).nodes.map((n) => n.pid);
  } catch {
    return []; // Never written: the cluster did not get that far.
  }
}

async function chainOf(node: StartedNode): Promise<{ height: number; bestHash: string; peers: { inbound: number; outbound: number } }> {
  const response = await restRequest<{ height: number; bestHash: string; peers: { inbound: number; outbound: number } }>(node.rest, '/v1/chain');
  if (response.status !== 200) throw new Error(`${node.name}: GET /v1/chain → ${response.status}`);
  return response.body;
}

describe('cluster command', () => {
  let dataDir: string;
  let cluster: CliProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mbc-'));
  });

  afterAll(async () => {
    // After a failure: the cluster stops its own (detached) nodes on SIGTERM; any it left are killed.
    if (cluster?.child.exitCode === null) {
      cluster.child.kill('SIGTERM');
      await cluster.exited;
    }
    for (const pid of clusterFilePids(dataDir)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts 3 wired nodes that agree on a mined tip, and SIGINT stops them all', async () => {
    cluster = spawnCli('cluster', ['--nodes', '3', '--data-dir', dataDir]);
    const startedLines = (stdout: string) => [...stdout.matchAll(STARTED)];
    await cluster.waitForOutput((stdout) => startedLines(stdout).length === 3, 60_000);
    const nodes: StartedNode[] = startedLines(cluster.stdout).map((m) => ({ name: m[1], pid: Number(m[2]), rest: m[3] }));
    expect(nodes.map((n) => n.name).sort()).toEqual(['node-0', 'node-1', 'node-2']);

    // cluster.json tells scripts the same pids.
    expect(clusterFilePids(dataDir).sort()).toEqual(nodes.map((n) => n.pid).sort());

    // Wired: node-1 and node-2 dial node-0, so every node has a peer.
    await waitFor(async () => (await Promise.all(nodes.map(chainOf))).every((c) => c.peers.inbound + c.peers.outbound >= 1), {
      timeoutMs: 30_000,
      describe: 'every cluster node to have a peer',
    });

    const miner = nodes.find((n) => n.name === 'node-1') as StartedNode;
    const mined = await restRequest<{ hashes: string[] }>(miner.rest, '/v1/mining/generate', { body: { count: 1 } });
    expect(mined.status).toBeLessThan(300);
    const [tip] = mined.body.hashes;
    await waitFor(async () => (await Promise.all(nodes.map(chainOf))).every((c) => c.bestHash === tip && c.height >= 1), {
      timeoutMs: 30_000,
      describe: `all 3 nodes to reach ${tip}`,
    });
    // The cluster's own table reports the agreement too.
    await cluster.waitForOutput(new RegExp(`^all 3 nodes at height \\d+, tip ${tip}$`, 'm'), 15_000);
    expect(nodes.every((n) => isAlive(n.pid))).toBe(true);

    cluster.child.kill('SIGINT');
    const result = await cluster.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/all nodes stopped \(node-0 exit code 0, node-1 exit code 0, node-2 exit code 0\)/);
    expect(nodes.filter((n) => isAlive(n.pid))).toEqual([]);
  }, 150_000); // Bounds three node start-ups on a loaded 2-core machine; typically ~20 s.
});

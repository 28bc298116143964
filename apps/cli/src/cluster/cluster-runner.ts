import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type ClusterOptions, fixedPorts } from './cluster-options';
import { ClusterNode } from './cluster-node';
import { renderClusterTable } from './cluster-table';
import { NodeStatusPoller, agreedTip } from './node-status';

const REFRESH_MS = 1000;
/** Without a terminal the table is a log: printed when the summary changes, else every few refreshes. */
const PLAIN_PRINT_EVERY = 5;
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

export interface ClusterIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

/**
 * Starts the nodes, shows the table, and stops them all on SIGINT/SIGTERM/SIGHUP (or once they
 * agree, with --exit-when-agreed). Resolves with the process exit code.
 */
export class ClusterRunner {
  private readonly nodes: ClusterNode[] = [];
  private readonly poller: NodeStatusPoller;
  private stopping?: Promise<number>;
  private refreshTimer?: NodeJS.Timeout;
  private refreshes = 0;
  private lastSummary = '';
  private resolveDone!: (code: number) => void;
  private readonly done = new Promise<number>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly options: ClusterOptions,
    private readonly entryPoint: string,
    private readonly io: ClusterIo,
  ) {
    this.poller = new NodeStatusPoller(options.apiToken);
  }

  async run(): Promise<number> {
    const onSignal = (signal: NodeJS.Signals) => void this.shutdown(0, `${signal} received`);
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    for (const signal of signals) process.on(signal, onSignal);
    // Whatever happens, no node outlives the cluster process.
    const killAll = () => this.nodes.forEach((node) => node.kill());
    process.on('exit', killAll);
    try {
      if (this.options.reset) rmSync(this.options.dataDir, { recursive: true, force: true });
      await this.startNodes();
      if (!this.stopping) {
        this.writeClusterFile();
        this.scheduleRefresh(0);
      }
      return await this.done;
    } catch (err) {
      if (this.stopping) return this.stopping; // A signal stopped a node that was still starting.
      this.io.stderr.write(`cluster: ${(err as Error).message}\n`);
      return this.shutdown(1, 'start failed');
    } finally {
      for (const signal of signals) process.off(signal, onSignal);
    }
  }

  /**
   * Node 0 first; then the others in parallel, each with --addnode to node 0 (the seed every node
   * knows) and, when ports are fixed up front, to its predecessor too, so the graph is connected
   * from the start and addr relay fills in the rest.
   */
  private async startNodes(): Promise<void> {
    await this.startNode(0);
    const rest = Array.from({ length: this.options.nodes - 1 }, (_, k) => k + 1);
    if (!this.stopping) await Promise.all(rest.map((i) => this.startNode(i)));
  }

  private async startNode(i: number): Promise<void> {
    const { options } = this;
    const seeds = i === 0 ? [] : [this.nodes[0].p2pAddress];
    if (options.basePort && i > 1) seeds.push(`127.0.0.1:${fixedPorts(options.basePort, i - 1).p2pPort}`);
    const node = new ClusterNode({
      name: `node-${i}`,
      entryPoint: this.entryPoint,
      dataDir: join(options.dataDir, `node-${i}`),
      ports: options.basePort ? fixedPorts(options.basePort, i) : { p2pPort: 0, restPort: 0, grpcPort: 0 },
      addnode: seeds,
      logLevel: options.logLevel,
      ...(options.mine && i < options.miners ? { mine: options.mine } : {}),
      ...(options.apiToken ? { apiToken: options.apiToken } : {}),
    });
    this.nodes[i] = node;
    const { pid } = await node.start();
    this.announce(node, pid);
  }

  private announce(node: ClusterNode, pid: number): void {
    const ports = node.ports;
    this.io.stdout.write(
      `started ${node.name} pid=${pid} p2p=${node.p2pAddress} rest=${node.restUrl} grpc=127.0.0.1:${ports?.grpcPort} log=${node.logFile}\n`,
    );
  }

  /** <data-dir>/cluster.json: pids and ports for scripts (and `mbc --address`). */
  private writeClusterFile(): void {
    const nodes = this.nodes.map((n) => ({ name: n.name, pid: n.pid, dataDir: n.spec.dataDir, p2p: n.p2pAddress, rest: n.restUrl, grpc: `127.0.0.1:${n.ports?.grpcPort}` }));
    writeFileSync(join(this.options.dataDir, 'cluster.json'), `${JSON.stringify({ pid: process.pid, nodes }, null, 2)}\n`);
  }

  private scheduleRefresh(delayMs: number): void {
    this.refreshTimer = setTimeout(() => void this.refresh(), delayMs);
  }

  private async refresh(): Promise<void> {
    const statuses = await Promise.all(this.nodes.map((node) => this.poller.poll(node)));
    if (this.stopping) return;
    const table = renderClusterTable(this.nodes, statuses);
    const agreed = agreedTip(statuses);
    const summary = agreed ? `all ${this.nodes.length} nodes at height ${agreed.height}, tip ${agreed.bestHash}` : 'nodes disagree or are starting';
    if (this.io.stdout.isTTY) {
      this.io.stdout.write(`${CLEAR_SCREEN}MiniBlockchain cluster: ${this.options.dataDir}   (Ctrl-C stops every node)\n\n${table}\n\n${summary}\n`);
    } else if (this.refreshes % PLAIN_PRINT_EVERY === 0 || summary !== this.lastSummary) {
      this.io.stdout.write(`--- ${new Date().toISOString()} ---\n${table}\n${summary}\n`);
    }
    this.lastSummary = summary;
    this.refreshes++;
    if (agreed && this.options.exitWhenAgreed) {
      this.io.stdout.write(`agreed height=${agreed.height} hash=${agreed.bestHash}\n`);
      void this.shutdown(0, 'nodes agreed');
      return;
    }
    this.scheduleRefresh(REFRESH_MS);
  }

  /** Stops every node (SIGTERM, grace, SIGKILL) once; a second signal kills at once. */
  private shutdown(code: number, reason: string): Promise<number> {
    if (this.stopping) {
      this.io.stderr.write('cluster: stopping already; killing every node now\n');
      this.nodes.forEach((node) => node.kill());
      return this.stopping;
    }
    clearTimeout(this.refreshTimer);
    this.io.stderr.write(`cluster: ${reason}; stopping ${this.nodes.filter((n) => n.running).length} node(s)\n`);
    this.stopping = Promise.all(this.nodes.map((node) => node.stop())).then(() => {
      this.io.stderr.write(`cluster: all nodes stopped (${this.nodes.map((n) => `${n.name} ${n.exitDescription ?? 'not started'}`).join(', ')})\n`);
      this.resolveDone(code);
      return code;
    });
    return this.stopping;
  }
}

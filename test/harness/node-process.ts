import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { nodeEntryPoint, repoRoot } from './paths';
import { trackChild, trackNode, untrackNode } from './registry';
import { RestInit, RestResponse, restRequest } from './rest';
import { WaitAbortedError, waitFor } from './wait-for';

export interface StartNodeOptions {
  /** Shown in log dumps (default node-<n>). */
  readonly name?: string;
  /** Reuse a data dir (default: a fresh mkdtemp dir, removed by destroy()). */
  readonly dataDir?: string;
  /** Address the P2P server binds (default: where the API listens); 127.0.0.x lets tests ban one node without banning all. */
  readonly p2pHost?: string;
  /**
   * Run the node inside this network namespace (`ip netns exec`, needs root), binding P2P, REST
   * and gRPC to the namespace's `address`, which the test process reaches over a bridge (netns.ts).
   * The node refuses an API beyond loopback without a token, so one is made up if none is given.
   */
  readonly netns?: NetnsEndpoint;
  readonly connect?: readonly string[];
  readonly addnode?: readonly string[];
  readonly banTimeSec?: number;
  readonly maxConnections?: number;
  readonly apiToken?: string;
  readonly logLevel?: string;
  /** Further command-line flags, e.g. ['--handshake-timeout', '2']. */
  readonly extraArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for /health/live (default 60 s: a loaded 2-core machine loads Nest slowly). */
  readonly startTimeoutMs?: number;
}

/** A network namespace and the node's address in it. */
export interface NetnsEndpoint {
  readonly name: string;
  readonly address: string;
}

/** What the node writes to `<dataDir>/node.json` once all its servers listen. */
export interface NodePorts {
  readonly pid: number;
  readonly p2pPort: number;
  readonly restPort: number;
  readonly grpcPort: number;
}

const MAX_LOG_LINES = 5_000;
const STOP_GRACE_MS = 15_000;
let nodeCounter = 0;

/**
 * One node process on loopback. Ports are chosen by the node (port 0, reported in node.json)
 * and kept across restart() so peers configured with its address find it again.
 */
export class NodeHandle {
  readonly name: string;
  readonly dataDir: string;
  readonly p2pHost: string;
  /** Where REST and gRPC listen: loopback, or the node's address in its network namespace. */
  readonly apiHost: string;
  /** Bearer token of the REST and gRPC APIs, when they require one. */
  readonly apiToken?: string;
  private readonly ownsDataDir: boolean;
  private readonly logLines: string[] = [];
  private child?: ChildProcess;
  private ports?: NodePorts;
  private exitPromise?: Promise<void>;

  constructor(private readonly options: StartNodeOptions = {}) {
    this.name = options.name ?? `node-${++nodeCounter}`;
    this.apiHost = options.netns?.address ?? '127.0.0.1';
    this.p2pHost = options.p2pHost ?? this.apiHost;
    this.apiToken = options.apiToken ?? (options.netns ? randomBytes(16).toString('hex') : undefined);
    this.ownsDataDir = !options.dataDir;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mbc-'));
    trackNode(this);
  }

  get pid(): number {
    return this.required().pid;
  }
  get p2pPort(): number {
    return this.required().p2pPort;
  }
  get p2pAddress(): string {
    return `${this.p2pHost}:${this.p2pPort}`;
  }
  get restUrl(): string {
    return `http://${this.apiHost}:${this.required().restPort}`;
  }
  get grpcAddress(): string {
    return `${this.apiHost}:${this.required().grpcPort}`;
  }
  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  logs(): readonly string[] {
    return this.logLines;
  }

  /** A REST call; `body` objects are sent as JSON and the API token (if any) is attached. */
  rest<T = unknown>(path: string, init: RestInit = {}): Promise<RestResponse<T>> {
    const headers = { ...(this.apiToken ? { authorization: `Bearer ${this.apiToken}` } : {}), ...init.headers };
    return restRequest<T>(this.restUrl, path, { ...init, headers });
  }

  /** Spawns the process and resolves once /health/live answers 200. */
  async start(): Promise<this> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const nodeJson = join(this.dataDir, 'node.json');
    if (existsSync(nodeJson)) unlinkSync(nodeJson);
    const command = [process.execPath, nodeEntryPoint(), ...this.args()];
    // `ip netns exec` execs the command in place, so the child's pid is the node's (node.json).
    if (this.options.netns) command.unshift('ip', 'netns', 'exec', this.options.netns.name);
    const child = spawn(command[0], command.slice(1), {
      cwd: repoRoot(),
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    trackChild(child);
    this.exitPromise = new Promise((resolve) => child.once('exit', () => resolve()));
    this.capture(child);
    const describe = `${this.name} (pid ${child.pid}) to report its ports and answer /health/live`;
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new WaitAbortedError(`${this.name} exited (${child.exitCode ?? child.signalCode}) before becoming live`);
        }
        this.ports ??= readPorts(nodeJson, child.pid);
        if (!this.ports) return false;
        return (await this.rest('/health/live')).status === 200;
      },
      { timeoutMs: this.options.startTimeoutMs ?? 60_000, intervalMs: 50, describe },
    );
    return this;
  }

  /** Sends a signal without waiting (SIGKILL simulates a crash). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running) this.child?.kill(signal);
  }

  /** Resolves when the process has exited. */
  async waitExit(): Promise<void> {
    await this.exitPromise;
  }

  /** SIGTERM, then SIGKILL if it does not exit within the grace period. */
  async stop(): Promise<void> {
    if (!this.running) return this.waitExit();
    this.kill('SIGTERM');
    const forced = setTimeout(() => this.kill('SIGKILL'), STOP_GRACE_MS);
    await this.waitExit();
    clearTimeout(forced);
  }

  /** Stops (if running) and starts again on the same data dir and ports. */
  async restart(): Promise<this> {
    await this.stop();
    return this.start();
  }

  /** Stops and removes the data dir the harness created. */
  async destroy(): Promise<void> {
    await this.stop();
    untrackNode(this);
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private args(): string[] {
    const o = this.options;
    const args = [
      '--data-dir', this.dataDir,
      '--p2p-host', this.p2pHost,
      '--p2p-port', String(this.ports?.p2pPort ?? 0),
      '--rest-host', this.apiHost,
      '--rest-port', String(this.ports?.restPort ?? 0),
      '--grpc-host', this.apiHost,
      '--grpc-port', String(this.ports?.grpcPort ?? 0),
      '--log-level', o.logLevel ?? 'info',
      '--log-format', 'json',
    ];
    if (o.connect?.length) args.push('--connect', o.connect.join(','));
    if (o.addnode?.length) args.push('--addnode', o.addnode.join(','));
    if (o.banTimeSec !== undefined) args.push('--ban-time', String(o.banTimeSec));
    if (o.maxConnections !== undefined) args.push('--max-connections', String(o.maxConnections));
    if (this.apiToken) args.push('--api-token', this.apiToken);
    args.push(...(o.extraArgs ?? []));
    // Ports are re-read from node.json on every start; the previous ones are only a request.
    this.ports = undefined;
    return args;
  }

  private capture(child: ChildProcess): void {
    const append = (stream: string) => {
      let partial = '';
      return (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.logLines.push(`[${stream}] ${line}`);
        if (this.logLines.length > MAX_LOG_LINES) this.logLines.splice(0, this.logLines.length - MAX_LOG_LINES);
      };
    };
    child.stdout?.on('data', append('out'));
    child.stderr?.on('data', append('err'));
    child.once('exit', (code, signal) => this.logLines.push(`[harness] ${this.name} exited code=${code} signal=${signal}`));
  }

  private required(): NodePorts {
    if (!this.ports) throw new Error(`${this.name} has not reported its ports (not started?)`);
    return this.ports;
  }
}

function readPorts(file: string, pid: number | undefined): NodePorts | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const ports = JSON.parse(readFileSync(file, 'utf8')) as NodePorts;
    return ports.pid === pid ? ports : undefined;
  } catch {
    return undefined; // Written but not complete yet.
  }
}

/** Starts a node process and waits until it is live. */
export function startNode(options: StartNodeOptions = {}): Promise<NodeHandle> {
  return new NodeHandle(options).start();
}

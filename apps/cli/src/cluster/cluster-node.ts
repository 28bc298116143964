import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface NodePorts {
  readonly pid: number;
  readonly p2pPort: number;
  readonly restPort: number;
  readonly grpcPort: number;
}

export interface ClusterNodeSpec {
  readonly name: string;
  readonly entryPoint: string;
  readonly dataDir: string;
  /** Requested ports; 0 lets the node pick and report them in node.json. */
  readonly ports: { readonly p2pPort: number; readonly restPort: number; readonly grpcPort: number };
  readonly addnode: readonly string[];
  readonly mine?: string;
  readonly logLevel: string;
  readonly apiToken?: string;
}

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;
const START_POLL_MS = 100;
/** Same grace as the node's own shutdown budget plus margin; then SIGKILL. */
export const STOP_GRACE_MS = 15_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One node process of the cluster: its log goes to <dataDir>/node.log, its ports come from node.json. */
export class ClusterNode {
  private child?: ChildProcess;
  private reported?: NodePorts;
  private exited?: Promise<void>;
  exitDescription?: string;

  constructor(readonly spec: ClusterNodeSpec) {}

  get name(): string {
    return this.spec.name;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  get ports(): NodePorts | undefined {
    return this.reported;
  }
  get logFile(): string {
    return join(this.spec.dataDir, 'node.log');
  }
  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }
  get restUrl(): string {
    return `http://${HOST}:${this.reported?.restPort ?? this.spec.ports.restPort}`;
  }
  get p2pAddress(): string {
    return `${HOST}:${this.reported?.p2pPort ?? this.spec.ports.p2pPort}`;
  }

  /** Spawns the node and resolves once it has reported its ports and answers /health/live. */
  async start(): Promise<NodePorts> {
    mkdirSync(this.spec.dataDir, { recursive: true });
    const infoFile = join(this.spec.dataDir, 'node.json');
    if (existsSync(infoFile)) unlinkSync(infoFile);
    const log = openSync(this.logFile, 'a');
    // Own process group: a terminal's Ctrl-C reaches only the cluster, which then stops the
    // nodes itself (SIGTERM, wait, SIGKILL) instead of racing them.
    const child = spawn(process.execPath, [this.spec.entryPoint, ...this.args()], { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitDescription = signal ? `killed by ${signal}` : `exit code ${code}`;
        resolve();
      }),
    );
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited (${this.exitDescription ?? 'unknown'}) while starting; see ${this.logFile}`);
      this.reported ??= readNodeInfo(infoFile, child.pid);
      if (this.reported && (await isLive(this.restUrl))) return this.reported;
      await delay(START_POLL_MS);
    }
    throw new Error(`${this.name} (pid ${child.pid}) did not become live within ${START_TIMEOUT_MS / 1000}s; see ${this.logFile}`);
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    if (!this.running) return this.exited;
    this.child?.kill('SIGTERM');
    const forced = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(forced);
  }

  /** Immediate SIGKILL (a second Ctrl-C, or the cluster process exiting). */
  kill(): void {
    if (this.running) this.child?.kill('SIGKILL');
  }

  private args(): string[] {
    const { spec } = this;
    const args = [
      '--data-dir', spec.dataDir,
      '--p2p-host', HOST,
      '--p2p-port', String(spec.ports.p2pPort),
      '--rest-host', HOST,
      '--rest-port', String(spec.ports.restPort),
      '--grpc-host', HOST,
      '--grpc-port', String(spec.ports.grpcPort),
      '--log-level', spec.logLevel,
      '--log-format', 'json',
    ];
    if (spec.addnode.length) args.push('--addnode', spec.addnode.join(','));
    if (spec.mine) args.push('--mine', spec.mine);
    if (spec.apiToken) args.push('--api-token', spec.apiToken);
    return args;
  }
}

function readNodeInfo(file: string, pid: number | undefined): NodePorts | undefined {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as NodePorts;
    return info.pid === pid ? info : undefined;
  } catch {
    return undefined; // Not written yet, or half written.
  }
}

async function isLive(restUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${restUrl}/health/live`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

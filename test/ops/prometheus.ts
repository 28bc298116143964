/**
 * A real Prometheus (Debian's 2.x package: `scripts/install-prometheus.sh`) for monitoring tests:
 * started on a free loopback port with a generated scrape config and a temporary TSDB, queried
 * through its HTTP API, stopped and removed afterwards. Also wraps `promtool check metrics`.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as yaml from 'js-yaml';

import { freePort, waitFor } from '../harness';
import { trackChild } from '../harness/registry';

export interface ScrapeTarget {
  /** host:port serving /metrics. */
  readonly address: string;
  /** Target labels, e.g. { namespace, pod } as Kubernetes service discovery would attach. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface StartPrometheusOptions {
  readonly targets: readonly ScrapeTarget[];
  readonly scrapeIntervalSeconds?: number;
  readonly metricsPath?: string;
}

/** One series of an instant-query result; `value` is [unix time, "number" | "NaN"]. */
export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

interface PromResponse<T> {
  status: 'success' | 'error';
  data: T;
  errorType?: string;
  error?: string;
}

/** Raised when the Prometheus API rejects a query (bad PromQL) or answers with an error. */
export class PrometheusQueryError extends Error {
  override readonly name = 'PrometheusQueryError';
  constructor(
    readonly query: string,
    readonly detail: string,
  ) {
    super(`Prometheus query failed: ${detail}\n  query: ${query}`);
  }
}

const STOP_GRACE_MS = 10_000;

function requireBinary(name: string): void {
  if (spawnSync(name, ['--version'], { stdio: 'ignore' }).error) {
    throw new Error(`${name} is not installed: run scripts/install-prometheus.sh (Debian's prometheus package)`);
  }
}

export class PrometheusServer {
  private readonly logLines: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    const keep = (chunk: Buffer) => this.logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean).slice(-200));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(options: StartPrometheusOptions): Promise<PrometheusServer> {
    requireBinary('prometheus');
    const dir = mkdtempSync(join(tmpdir(), 'mbc-prometheus-'));
    const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
    const config = {
      global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
      scrape_configs: [
        {
          job_name: 'mbc-node',
          metrics_path: options.metricsPath ?? '/metrics',
          static_configs: options.targets.map((target) => ({ targets: [target.address], labels: { ...target.labels } })),
        },
      ],
    };
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(configFile, yaml.dump(config));
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    trackChild(child);
    const server = new PrometheusServer(`http://127.0.0.1:${port}`, child, dir);
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${server.logs().slice(-20).join('\n')}`);
          return (await fetch(`${server.url}/-/ready`, { signal: AbortSignal.timeout(1_000) })).ok;
        },
        { timeoutMs: 20_000, describe: `prometheus on port ${port} to be ready` },
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  logs(): readonly string[] {
    return this.logLines;
  }

  /** Waits until every configured target has been scraped successfully. */
  async waitForTargetsUp(timeoutMs = 20_000): Promise<void> {
    await waitFor(
      async () => {
        const targets = await this.api<{ activeTargets: { health: string; scrapeUrl: string; lastError: string }[] }>('/api/v1/targets');
        const down = targets.activeTargets.filter((target) => target.health !== 'up');
        // Thrown, so the timeout error shows which targets were down and why.
        if (down.length > 0) throw new Error(down.map((t) => `${t.scrapeUrl}: ${t.health} ${t.lastError}`).join('; '));
        return targets.activeTargets.length > 0;
      },
      { timeoutMs, describe: 'every scrape target to be up' },
    );
  }

  /** An instant query at the current time. */
  async query(expr: string): Promise<PromSample[]> {
    const data = await this.api<{ resultType: string; result: PromSample[] | [number, string] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`, expr);
    return data.resultType === 'vector' || data.resultType === 'matrix' ? (data.result as PromSample[]) : [{ metric: {}, value: data.result as [number, string] }];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const forced = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(forced);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** For destroyAfterAll(). */
  destroy(): Promise<void> {
    return this.stop();
  }

  private async api<T>(path: string, query = path): Promise<T> {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as PromResponse<T>;
    if (body.status !== 'success') throw new PrometheusQueryError(query, `${body.errorType ?? response.status}: ${body.error ?? ''}`);
    return body.data;
  }
}

export interface MetricsLint {
  /** promtool's exit code: 0 clean, 3 lint problems, 1 unparsable. */
  readonly exitCode: number;
  /** One line per problem (promtool writes them to stderr). */
  readonly problems: string[];
}

/** `promtool check metrics` on an exposition text (as served by /metrics). */
export function checkMetrics(exposition: string): MetricsLint {
  requireBinary('promtool');
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8', timeout: 20_000 });
  if (result.error) throw result.error;
  const problems = `${result.stdout}\n${result.stderr}`.split('\n').map((line) => line.trim()).filter(Boolean);
  return { exitCode: result.status ?? -1, problems };
}

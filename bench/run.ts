// `npm run bench`: runs every benchmark of the project one after another (they share 2 cores, so
// never in parallel), prints one JSON document and writes bench/results/latest.json and
// latest.md with each figure beside its target and the comparison measured in the same run.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { SuiteOutcome } from './support/run-one-suite';
import type { BenchResult } from './types';

/** Suite name → module (relative to this file, so it works from dist/). */
const SUITES: Record<string, string> = {
  wire: './wire.bench',
  chain: './chain.bench',
  sync: './sync.bench',
  propagation: './propagation.bench',
  relay: './relay.bench',
  capacity: './capacity.bench',
  api: './api.bench',
};

interface SuiteReport {
  suite: string;
  seconds: number;
  results: BenchResult[];
  error?: string;
}

/** Runs a suite in a process of its own (support/run-one-suite.ts), so suites can't disturb each other's timing. */
async function runSuite(suite: string, modulePath: string): Promise<SuiteReport> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  const child = fork(join(__dirname, 'support', 'run-one-suite.js'), [require.resolve(modulePath)], { stdio: 'inherit' });
  const outcome = await new Promise<SuiteOutcome>((resolve) => {
    child.once('message', (message) => resolve(message as SuiteOutcome));
    child.once('exit', (code, signal) => resolve({ error: `suite process exited (${code ?? signal}) without results` }));
  });
  return 'error' in outcome ? { suite, seconds: elapsed(), results: [], error: outcome.error } : { suite, seconds: elapsed(), results: outcome.results };
}

function markdown(reports: SuiteReport[]): string {
  const lines = ['| suite | benchmark | value | unit | target | met | comparison |', '|---|---|---:|---|---|---|---|'];
  for (const r of reports) {
    if (r.error) lines.push(`| ${r.suite} | (failed) | | | | no | ${r.error.split('\n')[0]} |`);
    for (const b of r.results) {
      const met = b.ok === undefined ? '' : b.ok ? 'yes' : 'no';
      lines.push(`| ${r.suite} | ${b.name} | ${formatNumber(b.value)} | ${b.unit} | ${b.target ?? ''} | ${met} | ${b.comparison ?? ''} |`);
    }
  }
  return `# Benchmark report\n\n${new Date().toISOString()} · node ${process.version} · ${process.platform}/${process.arch}\n\n${lines.join('\n')}\n`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(4);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const reports: SuiteReport[] = [];
  for (const [suite, modulePath] of Object.entries(SUITES)) {
    if (only.length > 0 && !only.includes(suite)) continue;
    process.stderr.write(`bench: ${suite}…\n`);
    reports.push(await runSuite(suite, modulePath));
  }
  const outDir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify({ date: new Date().toISOString(), node: process.version, reports }, null, 2);
  writeFileSync(join(outDir, 'latest.json'), `${json}\n`);
  writeFileSync(join(outDir, 'latest.md'), markdown(reports));
  process.stdout.write(`${json}\n`);
  process.stderr.write(markdown(reports));
  // Benchmarks report; they don't gate. A suite that crashed is the only failure.
  process.exitCode = reports.some((r) => r.error) ? 1 : 0;
}

void main();

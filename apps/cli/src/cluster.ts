#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { ClusterRunner } from './cluster/cluster-runner';
import { CLUSTER_USAGE, parseClusterOptions } from './cluster/cluster-options';
import { CliError, ExitCode } from './errors';

/** The built node next to this file's build (dist/apps/cli/src → dist/apps/node/src). */
function nodeEntryPoint(): string {
  const entry = join(__dirname, '..', '..', 'node', 'src', 'main.js');
  if (!existsSync(entry)) throw new CliError(ExitCode.Failure, `${entry} is missing: run \`npm run build\` first`);
  return entry;
}

/** `npm run cluster -- --nodes 5 [--mine 2s]`: a local multi-node network with a live table. */
async function main(argv: readonly string[]): Promise<number> {
  const options = parseClusterOptions(argv);
  if (options.help) {
    process.stdout.write(`${CLUSTER_USAGE}\n`);
    return ExitCode.Ok;
  }
  return new ClusterRunner(options, nodeEntryPoint(), { stdout: process.stdout, stderr: process.stderr }).run();
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const error = err instanceof CliError ? err : new CliError(ExitCode.Failure, String(err instanceof Error ? (err.stack ?? err.message) : err));
    process.stderr.write(`cluster: ${error.message}\n`);
    process.exit(error.exitCode);
  },
);

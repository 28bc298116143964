#!/usr/bin/env node
import { runCli } from './cli';
import { CliError, ExitCode } from './errors';

/** `mbc <command>`: the operator CLI, a gRPC client of one node (see `mbc --help`). */
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  () => {
    process.exitCode = ExitCode.Ok;
  },
  (err: unknown) => {
    const error = err instanceof CliError ? err : new CliError(ExitCode.Failure, `unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.stderr.write(`mbc: ${error.message}\n`);
    process.exitCode = error.exitCode;
  },
);

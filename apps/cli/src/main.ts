#!/usr/bin/env node
import { runMain } from './cli';

/** `mbc <command>`: the operator CLI, a gRPC client of one node (see `mbc --help`). */
void runMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});

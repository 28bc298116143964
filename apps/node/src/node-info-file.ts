import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { BoundPorts } from './bootstrap';

export const NODE_INFO_FILE = 'node.json';

/** `<dataDir>/node.json`: how a harness finds the ports a node bound when it asked for port 0. */
export async function writeNodeInfo(dataDir: string, ports: BoundPorts): Promise<string> {
  const file = join(dataDir, NODE_INFO_FILE);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify({ pid: process.pid, ...ports })}\n`);
  return file;
}

export async function removeNodeInfo(dataDir: string): Promise<void> {
  await rm(join(dataDir, NODE_INFO_FILE), { force: true });
}

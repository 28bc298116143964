import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { BoundPorts } from './bootstrap';

export const NODE_INFO_FILE = 'node.json';

/**
 * `<dataDir>/node.json`: how a harness finds the ports a node bound when it asked for port 0.
 * Written to a temporary file and renamed, so a reader polling for it never sees half a file.
 */
export async function writeNodeInfo(dataDir: string, ports: BoundPorts): Promise<string> {
  const file = join(dataDir, NODE_INFO_FILE);
  const partial = `${file}.${process.pid}.tmp`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(partial, `${JSON.stringify({ pid: process.pid, ...ports })}\n`);
  await rename(partial, file);
  return file;
}

export async function removeNodeInfo(dataDir: string): Promise<void> {
  await rm(join(dataDir, NODE_INFO_FILE), { force: true });
}

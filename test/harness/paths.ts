import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from this file whether it runs from test/ (Jest) or dist/test/ (benchmarks). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/**
 * The built node entry point; multi-process tests need `npm run build` first. MBC_NODE_ENTRY
 * points elsewhere (e.g. a snapshot of dist/ kept stable while another build rewrites dist/).
 */
export function nodeEntryPoint(): string {
  const entry = process.env.MBC_NODE_ENTRY ?? join(repoRoot(), 'dist/apps/node/src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` before the multi-process tests`);
  return entry;
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The `shared/` folder that sits beside the repository (vectors, protocol notes). Walks up from
 * this file, so it works from source (test/support) and from the build (dist/test/support).
 */
export function sharedDir(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared');
    if (existsSync(join(candidate, 'vectors'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no shared/vectors folder above ${from}`);
  }
}

/** Parses `shared/vectors/<name>.json`. */
export function loadVectors<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(sharedDir(), 'vectors', `${name}.json`), 'utf8')) as T;
}

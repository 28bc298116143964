// Transpiles apps/, libs/, bench/ and test/ helpers to dist/ with swc (CommonJS), rewriting the
// @mbc/* path aliases to relative paths so `node dist/...` needs no loader. Type checking is
// `npm run typecheck` (tsc --noEmit): swc only strips types.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const swc = require('@swc/core');
const { swcOptions, ALIASES } = require('./swc-options.cjs');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist');
// Build beside dist/ and swap at the end, so processes running from dist/ meanwhile never see
// a half-written tree.
const stagingDir = join(root, `.dist-staging-${process.pid}`);
const SOURCE_DIRS = ['apps', 'libs', 'bench', 'test'];

async function* tsFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* tsFiles(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

const paths = Object.fromEntries(Object.entries(ALIASES).map(([alias, file]) => [alias, [file]]));
const options = { ...swcOptions({ baseUrl: root, paths }), sourceMaps: true };

let count = 0;
for (const dir of SOURCE_DIRS) {
  for await (const file of tsFiles(join(root, dir))) {
    const rel = relative(root, file);
    const target = join(stagingDir, rel.replace(/\.ts$/, '.js'));
    const { code, map } = await swc.transformFile(file, { ...options, filename: file, sourceFileName: relative(dirname(target), file) });
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    if (map) await writeFile(`${target}.map`, map);
    count++;
  }
}
const retired = `${outDir}-retired-${process.pid}`;
await rename(outDir, retired).catch((err) => {
  if (err.code !== 'ENOENT') throw err;
});
await rename(stagingDir, outDir);
await rm(retired, { recursive: true, force: true });
console.log(`built ${count} files into dist/`);

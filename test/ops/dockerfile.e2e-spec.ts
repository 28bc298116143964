/**
 * The container image, checked without a Docker engine: the Dockerfile's stages against the node's
 * settings and the Kubernetes manifests, the build context against .dockerignore, and the
 * runtime's production-only dependencies against every module the compiled node requires.
 */
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { NETWORKS } from '@mbc/chain';

import { SETTINGS, SETTING_KEYS, envName } from '../../apps/node/src/config/settings';
import { repoRoot } from '../harness';
import { JsonObject, renderKustomization } from '../k8s/kustomize';
import { Instruction, dockerfileStages, dockerignorePatterns, isIgnored } from './dockerfile';

const ROOT = repoRoot();
const stages = dockerfileStages();
const [build, runtime] = stages;
const args = (stage: typeof build, keyword: string): string[] => (stage?.instructions ?? []).filter((i: Instruction) => i.keyword === keyword).map((i) => i.args);
const execForm = (value: string): string[] => JSON.parse(value) as string[];

function* jsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

describe('Dockerfile', () => {
  it('builds in one stage and runs from a second, on a supported Node LTS', () => {
    expect(stages).toHaveLength(2);
    expect(build?.name).toBe('build');
    for (const stage of stages) {
      const major = Number(/^node:(\d+)-/.exec(stage.image)?.[1]);
      // Even majors are LTS lines; 20 reached end of life in April 2026.
      expect({ image: stage.image, lts: major % 2 === 0 && major >= 22 }).toEqual({ image: stage.image, lts: true });
    }
    expect(args(build, 'RUN').join(' ')).toMatch(/npm ci\b.*npm run build/);
    expect(args(runtime, 'RUN').join(' ')).toMatch(/npm ci --omit=dev/);
  });

  it('copies only the compiled apps and libs plus proto/ into the runtime', () => {
    const copies = args(runtime, 'COPY');
    expect(copies.filter((c) => c.startsWith('--from=build'))).toEqual(['--from=build /app/dist/apps ./dist/apps', '--from=build /app/dist/libs ./dist/libs']);
    expect(copies).toContain('proto ./proto');
  });

  it('runs the node as uid 10001, the user the StatefulSet enforces, with /data as its volume', () => {
    const statefulSet = renderKustomization(join(ROOT, 'k8s', 'base')).find((r) => r.kind === 'StatefulSet')!;
    const podSpec = ((statefulSet.spec as JsonObject).template as JsonObject).spec as { securityContext: { runAsUser: number; fsGroup: number } };
    expect(args(runtime, 'USER')).toEqual([`${podSpec.securityContext.runAsUser}:${podSpec.securityContext.fsGroup}`]);
    expect(args(runtime, 'VOLUME').map(execForm)).toEqual([['/data']]);
    expect(args(runtime, 'ENV').join(' ')).toContain('MBC_DATA_DIR=/data');
    expect(execForm(args(runtime, 'ENTRYPOINT')[0]!)).toEqual(['node', 'dist/apps/node/src/main.js']);
  });

  it('sets only known MBC_* variables and exposes the default P2P, REST and gRPC ports', () => {
    const envNames = args(runtime, 'ENV').flatMap((value) => [...value.matchAll(/(\w+)=/g)].map((m) => m[1]!));
    const known = new Set(SETTING_KEYS.map(envName));
    expect(envNames.filter((name) => name.startsWith('MBC_') && !known.has(name))).toEqual([]);
    const exposed = args(runtime, 'EXPOSE').join(' ').split(/\s+/).map(Number);
    expect(exposed).toEqual([NETWORKS.regtest!.defaultPort, SETTINGS.restPort.default, SETTINGS.grpcPort.default]);
  });

  it('sends every path it copies through .dockerignore, and keeps node_modules, dist and .git out', () => {
    const patterns = dockerignorePatterns();
    const sources = stages
      .flatMap((stage) => args(stage, 'COPY'))
      .filter((copy) => !copy.startsWith('--from'))
      .flatMap((copy) => copy.split(/\s+/).slice(0, -1));
    for (const source of sources) {
      expect({ source, ignored: isIgnored(source, patterns) }).toEqual({ source, ignored: false });
      expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
    }
    for (const excluded of ['node_modules', 'dist', '.git']) expect(isIgnored(excluded, patterns)).toBe(true);
  });

  it('installs, with --omit=dev, every package the compiled node requires', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const dirs = ['dist/apps', 'dist/libs'].map((dir) => join(ROOT, dir));
    for (const dir of dirs) if (!existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run build\` first`);
    const builtins = new Set(builtinModules);
    const missing = new Set<string>();
    for (const file of dirs.flatMap((dir) => [...jsFiles(dir)])) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/require\("([^".][^"]*)"\)/g)) {
        const name = specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!;
        if (!name.startsWith('node:') && !builtins.has(name) && !(name in pkg.dependencies)) missing.add(`${name} (${file.slice(ROOT.length + 1)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});

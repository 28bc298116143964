/**
 * Dockerfile and .dockerignore as data, for checks that need no Docker engine: stages and their
 * instructions (continuation lines joined), and whether a context path is ignored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../harness';

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly image: string;
  readonly name?: string;
  readonly instructions: Instruction[];
}

/** The stages of the repository's Dockerfile, with ARG defaults substituted into FROM. */
export function dockerfileStages(text = readFileSync(join(repoRoot(), 'Dockerfile'), 'utf8')): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = instruction.args.split('=', 2) as [string, string?];
      args[name] = value;
    } else if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/);
      const resolved = image.replace(/\$\{(\w+)\}/g, (_ref, variable: string) => args[variable] ?? '');
      stages.push({ image: resolved, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      const current = stages.at(-1);
      if (!current) throw new Error(`Dockerfile: ${instruction.keyword} before FROM`);
      current.instructions.push(instruction);
    }
  }
  return stages;
}

/** The patterns of .dockerignore (comments and blanks dropped). */
export function dockerignorePatterns(): string[] {
  return readFileSync(join(repoRoot(), '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Whether a top-level context path is excluded (exact names and `dir/...` prefixes; no globs needed here). */
export function isIgnored(path: string, patterns: readonly string[]): boolean {
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
  return patterns.some((pattern) => !pattern.includes('*') && (clean === pattern || clean.startsWith(`${pattern}/`)));
}

import type { ParseArgsConfig } from 'node:util';

import type { NodeClient } from './client';

/** Where output goes: a process stream, or any writable in tests (isTTY absent = not a terminal). */
export type OutputStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

/** What a command gets to work with; I/O goes through it so tests and `--json` stay uniform. */
export interface CommandContext {
  /** Created on first use, so `--help` and client-side validation never open a connection. */
  client(): NodeClient;
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  readonly json: boolean;
  /** Prints `data` as JSON with `--json`, else the human rendering. */
  print(data: unknown, human: () => string): void;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

export interface Command {
  /** Words that select it, e.g. `['peers', 'add']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Arguments after the command words, e.g. `<host:port>`. */
  readonly args?: string;
  readonly positionals: { readonly min: number; readonly max: number };
  readonly options?: OptionsConfig;
  /** `[flag, description]` lines for `--help`. */
  readonly optionHelp?: readonly (readonly [string, string])[];
  run(ctx: CommandContext): Promise<void>;
}

/** String option value (parseArgs gives `string | boolean | undefined`). */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

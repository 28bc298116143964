import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';

import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import * as yaml from 'js-yaml';

import { ConfigError, ConfigProblem, ConfigProblemCode, ConfigSource, invalidValueProblem } from './config-error';
import { renderHelp } from './help';
import { NodeConfig } from './node-config';
import { SETTINGS, SETTING_KEYS, SettingKey, envName, flagName } from './settings';

export type LoadConfigResult = { readonly kind: 'config'; readonly config: NodeConfig } | { readonly kind: 'help'; readonly text: string };

export interface LoadConfigOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The network's P2P port, used when p2pPort is not set (18444 on regtest). */
  readonly defaultP2pPort: (network: string) => number | undefined;
}

type RawValue = unknown;
interface Sourced {
  readonly value: RawValue;
  readonly source: ConfigSource;
}

function readFlags(argv: readonly string[]): { values: Partial<Record<SettingKey, RawValue>>; help: boolean } {
  const options = Object.fromEntries([
    ...SETTING_KEYS.map((key) => [flagName(key), { type: 'string' as const, multiple: SETTINGS[key].kind === 'list' }]),
    ['help', { type: 'boolean' as const, short: 'h' }],
  ]);
  let parsed: { values: Record<string, string | boolean | string[] | undefined> };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }) as typeof parsed;
  } catch (error) {
    throw new ConfigError([{ code: ConfigProblemCode.UnknownFlag, setting: 'argv', message: `${(error as Error).message} (see --help)` }]);
  }
  const values: Partial<Record<SettingKey, RawValue>> = {};
  for (const key of SETTING_KEYS) {
    const value = parsed.values[flagName(key)];
    if (value !== undefined) values[key] = value;
  }
  return { values, help: parsed.values['help'] === true };
}

function readEnv(env: LoadConfigOptions['env']): Partial<Record<SettingKey, RawValue>> {
  const values: Partial<Record<SettingKey, RawValue>> = {};
  for (const key of SETTING_KEYS) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') values[key] = value;
  }
  return values;
}

function readFile(path: string): Partial<Record<SettingKey, RawValue>> {
  let document: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both kinds of file.
    document = yaml.load(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([{ code: ConfigProblemCode.UnreadableFile, setting: 'config', message: `config (--config, MBC_CONFIG): cannot read ${JSON.stringify(path)}: ${(error as Error).message}` }]);
  }
  if (document === undefined || document === null) return {};
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new ConfigError([{ code: ConfigProblemCode.UnreadableFile, setting: 'config', message: `config (--config, MBC_CONFIG): ${JSON.stringify(path)} must hold a mapping of setting keys` }]);
  }
  const unknown = Object.keys(document).filter((key) => !(key in SETTINGS) || key === 'config');
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((key) => ({ code: ConfigProblemCode.UnknownFileKey, setting: key, message: `config file ${JSON.stringify(path)}: unknown key ${JSON.stringify(key)}; allowed keys: ${SETTING_KEYS.filter((k) => k !== 'config').join(', ')}` })),
    );
  }
  return document as Partial<Record<SettingKey, RawValue>>;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** An admin API reachable from other hosts without a token would let anyone ban peers or mine. */
function insecureApiProblems(config: NodeConfig): ConfigProblem[] {
  if (config.apiToken) return [];
  return (['restHost', 'grpcHost'] as const)
    .filter((key) => !isLoopback(config[key]))
    .map((key) => ({
      code: ConfigProblemCode.InsecureApi,
      setting: key,
      message: `${key} (--${flagName(key)}, ${envName(key)}) is ${JSON.stringify(config[key])}, not a loopback address, and apiToken (--api-token, MBC_API_TOKEN) is not set: set a token or bind to 127.0.0.1`,
    }));
}

function problemsOf(errors: ValidationError[], sources: Map<SettingKey, Sourced>): ConfigProblem[] {
  return errors.map((error) => {
    const key = error.property as SettingKey;
    const sourced = sources.get(key) ?? { value: undefined, source: 'default' as const };
    return invalidValueProblem(key, sourced.value, sourced.source);
  });
}

/**
 * Resolves every setting (flag > env > file > default), validates them all with class-validator and
 * returns the typed config, or throws a `ConfigError` listing every bad setting.
 */
export function loadConfig(options: LoadConfigOptions): LoadConfigResult {
  const flags = readFlags(options.argv);
  if (flags.help) return { kind: 'help', text: renderHelp() };
  const env = readEnv(options.env);
  const configPath = (flags.values.config ?? env.config) as string | undefined;
  const file = configPath ? readFile(configPath) : {};

  const sources = new Map<SettingKey, Sourced>();
  for (const key of SETTING_KEYS) {
    if (key in flags.values) sources.set(key, { value: flags.values[key], source: 'flag' });
    else if (key in env) sources.set(key, { value: env[key], source: 'env' });
    else if (key in file) sources.set(key, { value: file[key], source: 'file' });
    else if (SETTINGS[key].default !== undefined) sources.set(key, { value: SETTINGS[key].default, source: 'default' });
  }
  if (!sources.has('p2pPort')) {
    const port = options.defaultP2pPort(String(sources.get('network')?.value));
    if (port !== undefined) sources.set('p2pPort', { value: port, source: 'default' });
  }

  const plain = Object.fromEntries([...sources].map(([key, sourced]) => [key, sourced.value]));
  const config = plainToInstance(NodeConfig, plain);
  const errors = validateSync(config, { forbidUnknownValues: true });
  const problems = [...problemsOf(errors, sources), ...insecureApiProblems(config)];
  if (problems.length > 0) throw new ConfigError(problems);
  return { kind: 'config', config };
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError, ConfigProblemCode } from './config-error';
import { LoadConfigOptions, loadConfig } from './load-config';
import { NodeConfig } from './node-config';
import { SETTING_KEYS, envName, flagName } from './settings';

const defaultP2pPort = (network: string): number | undefined => ({ regtest: 18444, testnet: 18333, mainnet: 8333 })[network];

function load(argv: string[] = [], env: LoadConfigOptions['env'] = {}): NodeConfig {
  const result = loadConfig({ argv, env, defaultP2pPort });
  if (result.kind !== 'config') throw new Error('expected a config');
  return result.config;
}

function problemsOf(argv: string[], env: LoadConfigOptions['env'] = {}): ConfigError['problems'] {
  try {
    load(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mbc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('derives flag and env names from the setting key', () => {
    expect(flagName('p2pPort')).toBe('p2p-port');
    expect(envName('p2pPort')).toBe('MBC_P2P_PORT');
    expect(envName('minePayoutScript')).toBe('MBC_MINE_PAYOUT_SCRIPT');
  });

  it('applies defaults, including the network port', () => {
    const config = load();
    expect(config).toMatchObject({ network: 'regtest', dataDir: './data', p2pPort: 18444, maxOutbound: 8, allowPrivate: true, mine: null, shutdownTimeout: 10_000, connect: [] });
    expect(config.dnsSeed).toBeUndefined();
    expect(load(['--network', 'mainnet']).p2pPort).toBe(8333);
  });

  it('takes flag over env over file over default', () => {
    const file = join(dir, 'node.yaml');
    writeFileSync(file, 'p2pPort: 1111\nrestPort: 2222\ngrpcPort: 3333\nconnect: [a:1, b:2]\n');
    const env = { MBC_CONFIG: file, MBC_REST_PORT: '4444', MBC_GRPC_PORT: '5555' };
    const config = load(['--grpc-port', '6666'], env);
    expect(config).toMatchObject({ p2pPort: 1111, restPort: 4444, grpcPort: 6666, connect: ['a:1', 'b:2'] });
  });

  it('reads JSON files and coerces list, boolean and duration values', () => {
    const file = join(dir, 'node.json');
    writeFileSync(file, JSON.stringify({ allowPrivate: false, mine: '500ms' }));
    const config = load(['--config', file, '--addnode', 'h:1,h:2', '--addnode', 'h:3', '--shutdown-timeout', '2s']);
    expect(config).toMatchObject({ allowPrivate: false, mine: 500, addnode: ['h:1', 'h:2', 'h:3'], shutdownTimeout: 2000 });
  });

  it('lists every bad setting with its value and what is allowed', () => {
    const problems = problemsOf(['--p2p-port', 'abc', '--network', 'moon'], { MBC_MINE: 'often' });
    expect(problems.map((p) => p.setting).sort()).toEqual(['mine', 'network', 'p2pPort']);
    const port = problems.find((p) => p.setting === 'p2pPort')!;
    expect(port.code).toBe(ConfigProblemCode.InvalidValue);
    expect(port.message).toContain('"abc"');
    expect(port.message).toContain('--p2p-port');
    expect(port.message).toContain('0..65535');
  });

  it.each([
    ['--rest-port', '70000'],
    ['--connect', 'nohost'],
    ['--advertise', 'h:0'],
    ['--allow-private', 'maybe'],
    ['--mine-payout-script', 'abc'],
    ['--log-format', 'xml'],
    ['--shutdown-timeout', '0s'],
  ])('rejects %s %s', (flag, value) => {
    expect(problemsOf([flag, value]).map((p) => p.setting)).toEqual([SETTING_KEYS.find((k) => `--${flagName(k)}` === flag)]);
  });

  it('never echoes the API token', () => {
    const [problem] = problemsOf(['--api-token', 'short-secret']);
    expect(problem!.setting).toBe('apiToken');
    expect(problem!.message).not.toContain('short-secret');
  });

  it('refuses a non-loopback admin API without a token', () => {
    const problems = problemsOf(['--rest-host', '0.0.0.0', '--grpc-host', '10.0.0.1']);
    expect(problems.map((p) => [p.code, p.setting])).toEqual([
      [ConfigProblemCode.InsecureApi, 'restHost'],
      [ConfigProblemCode.InsecureApi, 'grpcHost'],
    ]);
    expect(load(['--rest-host', '0.0.0.0', '--api-token', 'a-long-enough-token']).restHost).toBe('0.0.0.0');
  });

  it('reports unknown flags and unknown file keys', () => {
    expect(problemsOf(['--p2p-prot', '1'])[0]!.code).toBe(ConfigProblemCode.UnknownFlag);
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'p2pProt: 1\n');
    const [problem] = problemsOf(['--config', file]);
    expect(problem).toMatchObject({ code: ConfigProblemCode.UnknownFileKey, setting: 'p2pProt' });
  });

  it('renders help naming every flag and env variable', () => {
    const result = loadConfig({ argv: ['--help'], env: {}, defaultP2pPort });
    if (result.kind !== 'help') throw new Error('expected help');
    for (const key of SETTING_KEYS) {
      expect(result.text).toContain(`--${flagName(key)}`);
      expect(result.text).toContain(envName(key));
    }
  });
});

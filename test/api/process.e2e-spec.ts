import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import request from 'supertest';

import { SETTING_KEYS, envName, flagName } from '../../apps/node/src/config/settings';
import { killLeftoverNodes, runNode, startNodeProcess } from './support/node-process';

describe('node process (dist/apps/node/src/main.js)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mbc-'));
  });
  afterEach(() => {
    killLeftoverNodes();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits non-zero naming the setting, the value and what is allowed', async () => {
    const result = await runNode(['--p2p-port', 'abc', '--log-format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('p2pPort (--p2p-port, MBC_P2P_PORT) from flag: "abc" is not allowed; expected integer 0..65535');
    expect(result.stderr).toContain('logFormat');
  });

  it('applies flag > env > file (shown by which source a bad value came from)', async () => {
    const file = join(dir, 'node.yaml');
    writeFileSync(file, 'p2pPort: file-value\n');
    const fromFile = await runNode(['--config', file]);
    expect(fromFile.stderr).toContain('from file: "file-value"');
    const fromEnv = await runNode([], { MBC_CONFIG: file, MBC_P2P_PORT: 'env-value' });
    expect(fromEnv.stderr).toContain('from env: "env-value"');
    const fromFlag = await runNode(['--p2p-port', 'flag-value'], { MBC_CONFIG: file, MBC_P2P_PORT: 'env-value' });
    expect(fromFlag.stderr).toContain('from flag: "flag-value"');
    expect(fromFlag.stderr).not.toContain('env-value');
  });

  it('refuses an admin API on a non-loopback host without a token', async () => {
    const result = await runNode(['--rest-host', '0.0.0.0', '--data-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('restHost');
    expect(result.stderr).toContain('apiToken');
  });

  it('--help lists every setting and exits 0', async () => {
    const result = await runNode(['--help']);
    expect(result.code).toBe(0);
    for (const key of SETTING_KEYS) {
      expect(result.stdout).toContain(`--${flagName(key)}`);
      expect(result.stdout).toContain(envName(key));
    }
  });

  it('stops on SIGTERM with exit 0 and reopens with its chain', async () => {
    const token = 'process-test-token-abcdef';
    const first = await startNodeProcess(dir, ['--api-token', token]);
    const api = (port: number) => request(`http://127.0.0.1:${port}`);
    const mined = await api(first.info.restPort).post('/v1/mining/generate').set('Authorization', `Bearer ${token}`).send({ count: 3 }).expect(201);
    const stopped = await first.stop('SIGTERM');
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
    expect(stopped.stdout).toContain('"msg":"node started"');
    expect(stopped.stdout).toContain('"msg":"shutdown complete"');
    expect(stopped.stdout + stopped.stderr).not.toContain(token);
    expect(existsSync(join(dir, 'node.json'))).toBe(false);

    const second = await startNodeProcess(dir, ['--api-token', token]);
    try {
      const chain = await api(second.info.restPort).get('/v1/chain').set('Authorization', `Bearer ${token}`).expect(200);
      expect(chain.body).toMatchObject({ height: 3, bestHash: mined.body.hashes[2] });
    } finally {
      expect((await second.stop('SIGINT')).code).toBe(0);
    }
  });
});

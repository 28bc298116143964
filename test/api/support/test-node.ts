import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { NETWORKS } from '@mbc/chain';

import { NodeApp, createNodeApp } from '../../../apps/node/src/bootstrap';
import { loadConfig } from '../../../apps/node/src/config/load-config';
import { NodeConfig } from '../../../apps/node/src/config/node-config';

export interface TestNode extends NodeApp {
  readonly dataDir: string;
  readonly config: NodeConfig;
  /** Closes the node and removes its data dir. */
  destroy(): Promise<void>;
}

/** Config for a node on loopback, every port 0, its own temp data dir, quiet logs. */
export function testConfig(dataDir: string, argv: string[] = []): NodeConfig {
  const result = loadConfig({
    argv: ['--data-dir', dataDir, '--p2p-host', '127.0.0.1', '--p2p-port', '0', '--rest-port', '0', '--grpc-port', '0', '--log-level', 'silent', ...argv],
    env: {},
    defaultP2pPort: (network) => NETWORKS[network]?.defaultPort,
  });
  if (result.kind !== 'config') throw new Error('expected a config');
  return result.config;
}

/** Boots a real node (LevelDB, TCP P2P, REST, gRPC) in this process. */
export async function startTestNode(argv: string[] = []): Promise<TestNode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbc-'));
  const config = testConfig(dataDir, argv);
  try {
    const node = await createNodeApp(config);
    await node.app.getHttpAdapter().getInstance().ready();
    return {
      ...node,
      dataDir,
      config,
      async destroy() {
        await node.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

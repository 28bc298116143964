import 'reflect-metadata';

import { NETWORKS } from '@mbc/chain';

import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';
import { NodeConfig } from './config/node-config';
import { createLogger } from './logging/create-logger';
import { removeNodeInfo, writeNodeInfo } from './node-info-file';

/** EX_USAGE-style exit code for a configuration the node refuses to start with. */
const EXIT_CONFIG = 2;
const EXIT_FAILURE = 1;

function readConfig(): NodeConfig | undefined {
  try {
    const result = loadConfig({
      argv: process.argv.slice(2),
      env: process.env,
      defaultP2pPort: (network) => NETWORKS[network]?.defaultPort,
    });
    if (result.kind === 'help') {
      process.stdout.write(result.text);
      process.exitCode = 0;
      return undefined;
    }
    return result.config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = EXIT_CONFIG;
    return undefined;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  if (!config) return;
  const logger = createLogger(config);
  let node;
  try {
    // Loaded only now, so --help and config errors answer without loading Nest, gRPC and swagger
    // (an ESM import() of the built CommonJS file, hence the .js extension).
    const { createNodeApp } = await import('./bootstrap.js');
    node = await createNodeApp(config, { logger });
  } catch (error) {
    logger.fatal({ err: error }, 'node failed to start');
    process.exitCode = EXIT_FAILURE;
    return;
  }
  const infoFile = await writeNodeInfo(config.dataDir, node.ports);
  logger.info({ network: config.network, dataDir: config.dataDir, ...node.ports, infoFile }, 'node started');

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs: config.shutdownTimeout }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeout }, 'shutdown timed out');
      process.exit(EXIT_FAILURE);
    }, config.shutdownTimeout);
    node
      .close()
      .then(() => removeNodeInfo(config.dataDir))
      .then(
        () => {
          clearTimeout(deadline);
          logger.info('shutdown complete');
          logger.flush();
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(EXIT_FAILURE);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();

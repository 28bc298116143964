import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { invalidArgument, usageError } from '../errors';
import * as validate from '../validate';

export interface ClusterOptions {
  readonly nodes: number;
  /** Node flag `--mine` (e.g. 2s) for the first `miners` nodes; undefined = no background mining. */
  readonly mine?: string;
  readonly miners: number;
  /** 0 = every port chosen by the kernel (read back from node.json); else node i uses base + 3i .. base + 3i + 2. */
  readonly basePort: number;
  readonly dataDir: string;
  readonly reset: boolean;
  readonly logLevel: string;
  readonly apiToken?: string;
  /** Stop everything and exit 0 once all nodes report one tip at height ≥ 1 (for scripts and tests). */
  readonly exitWhenAgreed: boolean;
  readonly help: boolean;
}

export const MAX_CLUSTER_NODES = 50;
const PORTS_PER_NODE = 3;
const DURATION = /^(?:\d+(?:ms|s|m))$/;

export const CLUSTER_USAGE = `Usage: npm run cluster -- [options]

Starts N MiniBlockchain nodes on 127.0.0.1, each with its own ports and data dir: node 0 first,
then the others with --addnode to node 0 (and to node i-1 when --base-port fixes the ports);
addr relay fills in the rest. Shows a live table until Ctrl-C, which stops every node cleanly.

Options:
  --nodes <n>           number of nodes, 1..${MAX_CLUSTER_NODES} (default 3)
  --mine <interval>     mine a block at this interval (e.g. 2s, 500ms) on the first --miners nodes
  --miners <k>          how many nodes mine when --mine is set (default 1)
  --base-port <port>    node i listens on base+3i (P2P), base+3i+1 (REST), base+3i+2 (gRPC);
                        default 0: ports chosen by the system and read from <data-dir>/node.json
  --data-dir <dir>      parent of the node-<i> data dirs (default .mbc/cluster)
  --reset               delete the nodes' data dirs first (a fresh chain)
  --log-level <level>   node log level (default warn); logs go to <data-dir>/node-<i>/node.log
  --api-token <token>   API token for every node (also used to poll them)
  --exit-when-agreed    stop all nodes and exit 0 once they agree on one tip at height >= 1
  -h, --help            show this help`;

export function parseClusterOptions(argv: readonly string[]): ClusterOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        nodes: { type: 'string', default: '3' },
        mine: { type: 'string' },
        miners: { type: 'string', default: '1' },
        'base-port': { type: 'string', default: '0' },
        'data-dir': { type: 'string', default: '.mbc/cluster' },
        reset: { type: 'boolean', default: false },
        'log-level': { type: 'string', default: 'warn' },
        'api-token': { type: 'string' },
        'exit-when-agreed': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw usageError(`${(err as Error).message}\n\n${CLUSTER_USAGE}`);
  }
  const nodes = validate.integer('--nodes', values.nodes, 1, MAX_CLUSTER_NODES);
  const basePort = validate.integer('--base-port', values['base-port'], 0, 65535);
  if (basePort !== 0 && (basePort < 1024 || basePort + nodes * PORTS_PER_NODE - 1 > 65535)) {
    throw invalidArgument('--base-port', `${basePort} leaves no room for ${nodes} nodes × ${PORTS_PER_NODE} ports (use 1024..${65536 - nodes * PORTS_PER_NODE})`);
  }
  if (values.mine !== undefined && !DURATION.test(values.mine)) throw invalidArgument('--mine', `"${values.mine}" is not an interval such as 2s, 500ms or 1m`);
  return {
    nodes,
    ...(values.mine !== undefined ? { mine: values.mine } : {}),
    miners: validate.integer('--miners', values.miners, 1, nodes),
    basePort,
    dataDir: resolve(values['data-dir']),
    reset: values.reset,
    logLevel: values['log-level'],
    ...(values['api-token'] !== undefined ? { apiToken: values['api-token'] } : {}),
    exitWhenAgreed: values['exit-when-agreed'],
    help: values.help,
  };
}

/** Fixed ports of node `index` when --base-port is set. */
export function fixedPorts(basePort: number, index: number): { p2pPort: number; restPort: number; grpcPort: number } {
  const first = basePort + index * PORTS_PER_NODE;
  return { p2pPort: first, restPort: first + 1, grpcPort: first + 2 };
}

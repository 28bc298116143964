import { formatDuration } from '../format';
import { formatTable } from '../table';
import type { ClusterNode } from './cluster-node';
import type { NodeStatus } from './node-status';

const SHORT_HASH = 12;

function cell(value: number | undefined): string {
  return value === undefined ? '-' : String(value);
}

/** The live table: one row per node. */
export function renderClusterTable(nodes: readonly ClusterNode[], statuses: readonly NodeStatus[], nowMs = Date.now()): string {
  return formatTable(
    [
      { header: 'NODE' },
      { header: 'PID', align: 'right' },
      { header: 'P2P' },
      { header: 'REST', align: 'right' },
      { header: 'GRPC', align: 'right' },
      { header: 'PEERS', align: 'right' },
      { header: 'HEIGHT', align: 'right' },
      { header: 'HEADERS', align: 'right' },
      { header: 'MEMPOOL', align: 'right' },
      { header: 'TIP AGE', align: 'right' },
      { header: 'TIP' },
      { header: 'STATE' },
    ],
    nodes.map((node, i) => {
      const s = statuses[i] ?? { state: 'unreachable' };
      return [
        node.name,
        cell(node.pid),
        node.p2pAddress,
        cell(node.ports?.restPort),
        cell(node.ports?.grpcPort),
        s.peersIn === undefined ? '-' : `${s.peersIn + (s.peersOut ?? 0)} (${s.peersIn}in/${s.peersOut}out)`,
        cell(s.height),
        cell(s.headersHeight),
        cell(s.mempoolSize),
        s.tipTime === undefined ? '-' : formatDuration(nowMs - s.tipTime * 1000),
        s.bestHash?.slice(0, SHORT_HASH) ?? '-',
        s.detail ? `${s.state}: ${s.detail}` : s.state,
      ];
    }),
  );
}

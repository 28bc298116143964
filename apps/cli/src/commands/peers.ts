import type { Peer } from '../api-types';
import type { Command } from '../command';
import { formatBytes, formatDuration } from '../format';
import { formatTable } from '../table';
import * as validate from '../validate';

export function peerTable(peers: readonly Peer[], now = Date.now()): string {
  if (peers.length === 0) return 'no peers';
  return formatTable(
    [
      { header: 'ID', align: 'right' },
      { header: 'ADDRESS' },
      { header: 'DIR' },
      { header: 'HANDSHAKE' },
      { header: 'AGENT' },
      { header: 'HEIGHT', align: 'right' },
      { header: 'PING', align: 'right' },
      { header: 'SENT', align: 'right' },
      { header: 'RECV', align: 'right' },
      { header: 'UP', align: 'right' },
      { header: 'SCORE', align: 'right' },
    ],
    peers.map((p) => [
      String(p.id),
      p.address,
      p.direction,
      p.handshake,
      p.userAgent,
      String(p.startHeight),
      typeof p.pingSeconds !== 'number' ? '-' : `${Math.round(p.pingSeconds * 1000)}ms`,
      formatBytes(p.bytesSent),
      formatBytes(p.bytesReceived),
      Number(p.connectedAtMs) > 0 ? formatDuration(now - Number(p.connectedAtMs)) : '-',
      String(p.misbehaviourScore),
    ]),
  );
}

export const peersCommands: readonly Command[] = [
  {
    path: ['peers', 'add'],
    summary: 'Connect to a peer (like bitcoin-cli addnode <addr> onetry)',
    args: '<host:port>',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const address = validate.hostPort('<host:port>', ctx.positionals[0]);
      const peer = await ctx.client().call('AddPeer', { address });
      ctx.print(peer, () => peerTable([peer]));
    },
  },
  {
    path: ['peers', 'list'],
    summary: 'List connected peers',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const { peers } = await ctx.client().call('ListPeers', {});
      ctx.print(peers, () => peerTable(peers));
    },
  },
  {
    path: ['peers', 'drop'],
    summary: 'Disconnect a peer by id (from `peers list`)',
    args: '<id>',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const id = validate.uint32('<id>', ctx.positionals[0]);
      const dropped = await ctx.client().call('DisconnectPeer', { id });
      ctx.print(dropped, () => `disconnected peer ${dropped.id}`);
    },
  },
];

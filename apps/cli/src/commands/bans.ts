import type { Ban } from '../api-types';
import { type Command, stringOption } from '../command';
import { formatTime } from '../format';
import { formatTable } from '../table';
import * as validate from '../validate';

function banTable(bans: readonly Ban[]): string {
  if (bans.length === 0) return 'no bans';
  return formatTable(
    [{ header: 'ADDRESS' }, { header: 'BANNED UNTIL' }, { header: 'SINCE' }, { header: 'REASON' }],
    bans.map((b) => [b.address, formatTime(b.bannedUntilMs), formatTime(b.createdAtMs), b.reason]),
  );
}

export const bansCommands: readonly Command[] = [
  {
    path: ['bans', 'list'],
    summary: 'List banned IP addresses',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const { bans } = await ctx.client().call('ListBans', {});
      ctx.print(bans, () => banTable(bans));
    },
  },
  {
    path: ['bans', 'add'],
    summary: "Ban an IP address and drop its connections (Core's setban add)",
    args: '<ip>',
    positionals: { min: 1, max: 1 },
    options: { duration: { type: 'string' } },
    optionHelp: [['--duration <seconds>', "ban length; default the node's --ban-time"]],
    async run(ctx) {
      const address = validate.ipAddress('<ip>', ctx.positionals[0]);
      const duration = stringOption(ctx.values, 'duration');
      const durationSeconds = duration === undefined ? undefined : validate.integer('--duration', duration, 1, 0xffff_ffff);
      const ban = await ctx.client().call('AddBan', durationSeconds === undefined ? { address } : { address, durationSeconds });
      ctx.print(ban, () => banTable([ban]));
    },
  },
  {
    path: ['bans', 'remove'],
    summary: 'Lift the ban on an IP address',
    args: '<ip>',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const address = validate.ipAddress('<ip>', ctx.positionals[0]);
      const removed = await ctx.client().call('RemoveBan', { address });
      ctx.print(removed, () => `unbanned ${removed.address}`);
    },
  },
];

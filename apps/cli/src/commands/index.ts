import type { Command } from '../command';
import { bansCommands } from './bans';
import { chainCommands } from './chain';
import { peersCommands } from './peers';
import { transactionCommands } from './transactions';
import { watchCommand } from './watch';

export const COMMANDS: readonly Command[] = [...peersCommands, ...bansCommands, ...transactionCommands, ...chainCommands, watchCommand];

import { parseArgs } from 'node:util';

import { NodeClient } from './client';
import { type Command, type CommandContext, type OptionValues, type OptionsConfig, type OutputStream, stringOption } from './command';
import { COMMANDS } from './commands';
import { CliError, ExitCode, invalidArgument, usageError } from './errors';
import * as validate from './validate';

const DEFAULT_ADDRESS = '127.0.0.1:50051';
const DEFAULT_TIMEOUT_SECONDS = 30;

const GLOBAL_OPTIONS: OptionsConfig = {
  address: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const GLOBAL_HELP: readonly (readonly [string, string])[] = [
  ['--address <host:port>', `node gRPC address (env MBC_CLI_ADDRESS, default ${DEFAULT_ADDRESS})`],
  ['--token <token>', 'API token sent as "authorization: Bearer <token>" (env MBC_API_TOKEN)'],
  ['--json', 'print JSON instead of tables'],
  ['--timeout <seconds>', `connect and call deadline (default ${DEFAULT_TIMEOUT_SECONDS})`],
  ['-h, --help', 'show help (also after a command)'],
];

const EXIT_CODE_HELP = 'Exit codes: 0 ok, 1 node error, 2 usage or invalid argument, 3 node unreachable, 4 wrong token, 5 not found.';

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: NodeJS.ProcessEnv;
}

function optionLines(lines: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...lines.map(([flag]) => flag.length));
  return lines.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}

function commandLine(command: Command): string {
  return [...command.path, command.args].filter(Boolean).join(' ');
}

function generalUsage(prefix: readonly string[] = []): string {
  const commands = COMMANDS.filter((c) => prefix.every((word, i) => c.path[i] === word));
  const width = Math.max(...commands.map((c) => commandLine(c).length));
  return [
    'Usage: mbc [options] <command> [arguments]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${commandLine(c).padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    ...optionLines(GLOBAL_HELP),
    '',
    EXIT_CODE_HELP,
  ].join('\n');
}

function commandUsage(command: Command): string {
  return [
    `Usage: mbc ${commandLine(command)} [options]`,
    '',
    command.summary,
    ...(command.optionHelp?.length ? ['', 'Options:', ...optionLines(command.optionHelp)] : []),
    '',
    'Global options:',
    ...optionLines(GLOBAL_HELP),
    '',
    EXIT_CODE_HELP,
  ].join('\n');
}

/** The longest command whose words start the positionals (so `peers list` wins over a group). */
function findCommand(positionals: readonly string[]): Command | undefined {
  return COMMANDS.filter((c) => c.path.every((word, i) => positionals[i] === word)).sort((a, b) => b.path.length - a.path.length)[0];
}

/** No option is `multiple`, so every value is a string, a boolean or absent. */
function parse(argv: readonly string[], command: Command): { values: OptionValues; positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true }) as {
      values: OptionValues;
      positionals: string[];
    };
  } catch (err) {
    throw usageError(`${(err as Error).message}\n\n${commandUsage(command)}`);
  }
}

/**
 * Runs one CLI invocation. Resolves when the command is done; every failure is thrown as a
 * CliError whose exitCode the entry point returns.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<void> {
  // First pass only finds the command words; unknown flags are checked once the command is known.
  const loose = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, allowPositionals: true, strict: false });
  const command = findCommand(loose.positionals);
  if (!command) {
    const group = loose.positionals.length ? COMMANDS.some((c) => c.path[0] === loose.positionals[0]) : false;
    if (loose.values.help && (group || loose.positionals.length === 0)) {
      io.stdout.write(`${generalUsage(group ? [loose.positionals[0]] : [])}\n`);
      return;
    }
    const problem = loose.positionals.length ? `unknown command "${loose.positionals.join(' ')}"` : 'no command given';
    throw usageError(`${problem}\n\n${generalUsage(group ? [loose.positionals[0]] : [])}`);
  }

  const { values, positionals } = parse(argv, command);
  if (values.help) {
    io.stdout.write(`${commandUsage(command)}\n`);
    return;
  }
  const args = positionals.slice(command.path.length);
  if (args.length < command.positionals.min || args.length > command.positionals.max) {
    throw usageError(`${commandLine(command)}: expected ${command.args ?? 'no arguments'}, got ${args.length ? args.join(' ') : 'none'}\n\n${commandUsage(command)}`);
  }

  const address = stringOption(values, 'address') ?? io.env.MBC_CLI_ADDRESS ?? DEFAULT_ADDRESS;
  validate.hostPort('--address', address);
  const token = stringOption(values, 'token') ?? io.env.MBC_API_TOKEN;
  const timeoutText = stringOption(values, 'timeout');
  const timeoutSeconds = timeoutText === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(timeoutText);
  if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) throw invalidArgument('--timeout', `"${timeoutText}" is not a number of seconds in (0, 3600]`);

  let client: NodeClient | undefined;
  const json = values.json === true;
  const ctx: CommandContext = {
    client: () => (client ??= new NodeClient({ address, timeoutMs: timeoutSeconds * 1000, ...(token ? { token } : {}) })),
    values,
    positionals: args,
    json,
    stdout: io.stdout,
    stderr: io.stderr,
    print: (data, human) => io.stdout.write(`${json ? JSON.stringify(data, null, 2) : human()}\n`),
  };
  try {
    await command.run(ctx);
  } finally {
    client?.close();
  }
}

/** One invocation to its exit code: every failure is reported on stderr as `mbc: <message>`. */
export async function runMain(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    await runCli(argv, io);
    return ExitCode.Ok;
  } catch (err) {
    const error = err instanceof CliError ? err : new CliError(ExitCode.Failure, `unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    io.stderr.write(`mbc: ${error.message}\n`);
    return error.exitCode;
  }
}

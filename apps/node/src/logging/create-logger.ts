import pino, { Logger } from 'pino';
import pretty from 'pino-pretty';

import type { LogFormat, LogLevel } from '../config/node-config';

export interface LoggerSettings {
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
}

/** Paths scrubbed from every record: the API token must never reach a log. */
const REDACT_PATHS = ['apiToken', '*.apiToken', 'authorization', '*.authorization', 'req.headers.authorization', 'headers.authorization'];

/** Structured JSON by default (what log collectors parse); pretty for humans on a terminal. */
export function createLogger(settings: LoggerSettings, destination: NodeJS.WritableStream = process.stdout): Logger {
  const usePretty = settings.logFormat === 'pretty' || (settings.logFormat === 'auto' && (destination as { isTTY?: boolean }).isTTY === true);
  const options = { level: settings.logLevel, base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return usePretty ? pino(options, pretty({ destination, sync: true, colorize: (destination as { isTTY?: boolean }).isTTY === true })) : pino(options, destination);
}

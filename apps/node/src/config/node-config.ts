import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

import { NETWORKS } from '@mbc/chain';

import { ToBool, ToDurationMs, ToInt, ToList } from './coerce';
import { IsHostPort } from './host-port';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['json', 'pretty', 'auto'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];

const MAX_PEER_LIST = 1000;

/**
 * The validated, typed node configuration. Built once at startup by `loadConfig` from the settings
 * table (flags > env > file > defaults); durations are milliseconds.
 */
export class NodeConfig {
  @IsOptional() @IsString() @IsNotEmpty()
  config?: string;

  @IsIn(Object.keys(NETWORKS))
  network!: string;

  @IsString() @IsNotEmpty()
  dataDir!: string;

  @IsString() @IsNotEmpty()
  p2pHost!: string;

  /** Resolved to the network's default port by `loadConfig` when unset. */
  @ToInt() @IsInt() @Min(0) @Max(65535)
  p2pPort!: number;

  @IsOptional() @IsHostPort()
  advertise?: string;

  @ToList() @ArrayMaxSize(MAX_PEER_LIST) @IsHostPort({ each: true })
  connect!: string[];

  @ToList() @ArrayMaxSize(MAX_PEER_LIST) @IsHostPort({ each: true })
  addnode!: string[];

  /** Unset means the network's own seeds. */
  @IsOptional() @ToList() @ArrayMaxSize(MAX_PEER_LIST) @Matches(/^[A-Za-z0-9.-]+$/, { each: true })
  dnsSeed?: string[];

  @ToInt() @IsInt() @Min(0) @Max(1000)
  maxOutbound!: number;

  @ToInt() @IsInt() @Min(1) @Max(10000)
  maxConnections!: number;

  @ToBool() @IsBoolean()
  allowPrivate!: boolean;

  @ToInt() @IsInt() @Min(1) @Max(31_536_000)
  banTime!: number;

  @IsString() @IsNotEmpty()
  restHost!: string;

  @ToInt() @IsInt() @Min(0) @Max(65535)
  restPort!: number;

  @IsString() @IsNotEmpty()
  grpcHost!: string;

  @ToInt() @IsInt() @Min(0) @Max(65535)
  grpcPort!: number;

  @IsOptional() @IsString() @MinLength(16) @MaxLength(512)
  apiToken?: string;

  /** Mining interval in ms; null when mining is off. */
  @ToDurationMs({ offValue: 'off' }) @ValidateIf((_, v) => v !== null) @IsInt() @Min(1)
  mine!: number | null;

  @Matches(/^(?:[0-9a-fA-F]{2}){1,10000}$/)
  minePayoutScript!: string;

  @ToInt() @IsInt() @Min(1) @Max(10_000_000)
  mempoolMaxTx!: number;

  @ToInt() @IsInt() @Min(1024) @Max(4 * 1024 * 1024 * 1024)
  mempoolMaxBytes!: number;

  @IsIn(LOG_LEVELS)
  logLevel!: LogLevel;

  @IsIn(LOG_FORMATS)
  logFormat!: LogFormat;

  /** P2P timings in ms (Core: 60 s handshake, 2 min ping, 20 min timeout). */
  @ToDurationMs() @IsInt() @Min(1)
  handshakeTimeout!: number;

  @ToDurationMs() @IsInt() @Min(1)
  pingInterval!: number;

  @ToDurationMs() @IsInt() @Min(1)
  peerTimeout!: number;

  /** Graceful shutdown budget in ms. */
  @ToDurationMs() @IsInt() @Min(1)
  shutdownTimeout!: number;
}

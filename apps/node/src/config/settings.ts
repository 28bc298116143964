import { DEFAULT_NETWORK, NETWORKS } from '@mbc/chain';

/**
 * The one table of node settings. Every row is at once a CLI flag (`--p2p-port`), an environment
 * variable (`MBC_P2P_PORT`) and a key of the optional YAML/JSON config file (`p2pPort`), so the three
 * sources can never drift apart. Validation rules live on `NodeConfig`; `allowed` is the human text
 * quoted back when a value is rejected and shown by `--help`.
 */
export type SettingKind = 'string' | 'integer' | 'boolean' | 'list' | 'duration';

export interface SettingSpec {
  readonly kind: SettingKind;
  /** Value used when no source sets it; `undefined` means unset (optional or derived later). */
  readonly default: string | number | boolean | readonly string[] | undefined;
  /** What the help shows as the default when it is derived (e.g. from the network). */
  readonly defaultText?: string;
  readonly allowed: string;
  readonly description: string;
  /** Never echoed back in errors or logs. */
  readonly secret?: boolean;
}

export const SETTINGS = {
  config: { kind: 'string', default: undefined, allowed: 'path to a .yaml/.yml/.json file', description: 'Config file; flags and env override it' },
  network: { kind: 'string', default: DEFAULT_NETWORK, allowed: Object.keys(NETWORKS).join(' | '), description: 'Network parameters (magic, genesis, port)' },
  dataDir: { kind: 'string', default: './data', allowed: 'a directory path', description: 'Chain store, bans and address book live under it' },
  p2pHost: { kind: 'string', default: '0.0.0.0', allowed: 'an IP address or host name', description: 'P2P listen address' },
  p2pPort: { kind: 'integer', default: undefined, defaultText: 'network port (18444 on regtest)', allowed: 'integer 0..65535 (0 = any free port)', description: 'P2P listen port' },
  advertise: { kind: 'string', default: undefined, allowed: 'host:port', description: 'Address announced to peers (e.g. the pod address)' },
  connect: { kind: 'list', default: [], allowed: 'comma-separated host:port list', description: 'Connect only to these peers (like bitcoind -connect)' },
  addnode: { kind: 'list', default: [], allowed: 'comma-separated host:port list', description: 'Peers to keep connected in addition to discovery' },
  dnsSeed: { kind: 'list', default: undefined, defaultText: "the network's seeds", allowed: 'comma-separated host names', description: 'DNS seeds queried for addresses' },
  maxOutbound: { kind: 'integer', default: 8, allowed: 'integer 0..1000', description: 'Outbound connection slots (Core: 8 full-relay)' },
  maxConnections: { kind: 'integer', default: 125, allowed: 'integer 1..10000', description: 'Total connection limit (Core -maxconnections)' },
  allowPrivate: { kind: 'boolean', default: true, allowed: 'true | false', description: 'Accept private/loopback peer addresses (nodes run in pods)' },
  handshakeTimeout: { kind: 'duration', default: '60s', allowed: 'interval such as 60s, 1500ms (> 0)', description: 'Time a new peer has to complete version/verack (Core: 60 s)' },
  pingInterval: { kind: 'duration', default: '2m', allowed: 'interval such as 2m, 30s (> 0)', description: 'How often peers are pinged (Core: 2 min)' },
  peerTimeout: { kind: 'duration', default: '20m', allowed: 'interval such as 20m, 90s (> 0)', description: 'Disconnect a peer that sends nothing or leaves a ping unanswered this long (Core: 20 min)' },
  banTime: { kind: 'integer', default: 86400, allowed: 'integer seconds 1..31536000', description: 'Default ban duration (Core -bantime)' },
  restHost: { kind: 'string', default: '127.0.0.1', allowed: 'an IP address or host name', description: 'REST API listen address' },
  restPort: { kind: 'integer', default: 8080, allowed: 'integer 0..65535 (0 = any free port)', description: 'REST API listen port' },
  grpcHost: { kind: 'string', default: '127.0.0.1', allowed: 'an IP address or host name', description: 'gRPC API listen address' },
  grpcPort: { kind: 'integer', default: 50051, allowed: 'integer 0..65535 (0 = any free port)', description: 'gRPC API listen port' },
  apiToken: { kind: 'string', default: undefined, allowed: 'at least 16 characters', description: 'Bearer token required by admin REST/gRPC calls', secret: true },
  mine: { kind: 'duration', default: 'off', allowed: 'off | interval such as 2s, 500ms, 1m', description: 'Mine a block at this interval' },
  minePayoutScript: { kind: 'string', default: '51', allowed: 'even-length hex, at most 10000 bytes', description: 'scriptPubKey of mined coinbase outputs (51 = OP_TRUE)' },
  mempoolMaxTx: { kind: 'integer', default: 50000, allowed: 'integer 1..10000000', description: 'Mempool transaction count limit' },
  mempoolMaxBytes: { kind: 'integer', default: 64 * 1024 * 1024, allowed: 'integer bytes 1024..4294967296', description: 'Mempool size limit in bytes' },
  logLevel: { kind: 'string', default: 'info', allowed: 'fatal | error | warn | info | debug | trace | silent', description: 'Log level' },
  logFormat: { kind: 'string', default: 'auto', allowed: 'json | pretty | auto (pretty on a TTY)', description: 'Log format' },
  shutdownTimeout: { kind: 'duration', default: '10s', allowed: 'interval such as 10s, 500ms (> 0)', description: 'Time allowed for a graceful shutdown' },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** `p2pPort` → `p2p-port` (used as `--p2p-port`). */
export function flagName(key: SettingKey): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `p2pPort` → `MBC_P2P_PORT`. */
export function envName(key: SettingKey): string {
  return `MBC_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

import { DEFAULT_MAX_SEND_BUFFER_BYTES } from './constants';

/** How the P2P engine is set up. Everything but dataDir has a Bitcoin Core-like default. */
export interface P2PConfig {
  listenHost: string;
  /** 0 picks a free port (tests). */
  listenPort: number;
  /** `host:port` other nodes should dial to reach us (version addr_from, addr announcements). */
  advertise?: string;
  /** Connect only to these (Core's -connect); no address book dialing, no DNS seeds. */
  connect: string[];
  /** Always keep these connected, besides the normal outbound slots (Core's -addnode). */
  addnode: string[];
  /** Hostnames (`host` or `host:port`) resolved for peer addresses; a Kubernetes headless Service. */
  dnsSeeds: string[];
  maxOutbound: number;
  maxConnections: number;
  /** Keep and dial private, cluster and loopback addresses (Core drops them; pods need them). */
  allowPrivate: boolean;
  banTimeSec: number;
  /** banlist.json and peers.json live here; undefined keeps them in memory only. */
  dataDir?: string;
  userAgent: string;
  /** Whether we listen at all (Core's -listen). */
  listen: boolean;
  handshakeTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  /** No bytes received, or no send progress, for this long disconnects (Core's TIMEOUT_INTERVAL). */
  inactivityTimeoutMs: number;
  /** Mean of the Poisson delay before transactions are announced. */
  txRelayDelayMs: number;
  /** A requested transaction not delivered within this long is asked of another peer that announced it (Core's GETDATA_TX_INTERVAL). */
  txRequestTimeoutMs: number;
  /** A requested block not delivered within this long is asked from another peer. */
  blockStallTimeoutMs: number;
  /** A getheaders unanswered for this long may be re-sent (to the same or another peer). */
  headersTimeoutMs: number;
  /** First reconnect delay for -connect/-addnode peers; doubles to reconnectMaxDelayMs. */
  reconnectBaseDelayMs: number;
  reconnectMaxDelayMs: number;
  /** How often empty outbound slots are filled (Core's ThreadOpenConnections tick). */
  connectIntervalMs: number;
  /** DNS seeds are re-queried at most this often when outbound slots are short. */
  dnsSeedIntervalMs: number;
  /** A dial that has not connected in this long fails with TIMEOUT. */
  dialTimeoutMs: number;
  maxSendBufferBytes: number;
}

export const DEFAULT_P2P_CONFIG: Omit<P2PConfig, 'listenPort'> = {
  listenHost: '0.0.0.0',
  connect: [],
  addnode: [],
  dnsSeeds: [],
  maxOutbound: 8,
  maxConnections: 125,
  allowPrivate: false,
  banTimeSec: 86_400,
  userAgent: '/MiniBlockchain:0.1.0/',
  listen: true,
  handshakeTimeoutMs: 60_000,
  pingIntervalMs: 120_000,
  pingTimeoutMs: 1_200_000,
  inactivityTimeoutMs: 1_200_000,
  // Core averages 2 s (outbound) and 5 s (inbound); the project's relay benchmark needs 10,000
  // transactions across a 5-node line (4 hops) in < 5 s, so we trade some privacy for a 100 ms mean.
  txRelayDelayMs: 100,
  txRequestTimeoutMs: 60_000,
  // Core's BLOCK_STALLING_TIMEOUT starts at 2 s and adapts; a fixed 5 s suits small blocks.
  blockStallTimeoutMs: 5_000,
  headersTimeoutMs: 30_000,
  reconnectBaseDelayMs: 1_000,
  reconnectMaxDelayMs: 60_000,
  connectIntervalMs: 500,
  dnsSeedIntervalMs: 60_000,
  dialTimeoutMs: 5_000,
  maxSendBufferBytes: DEFAULT_MAX_SEND_BUFFER_BYTES,
};

export type P2PConfigInput = Partial<P2PConfig> & Pick<P2PConfig, 'listenPort'>;

export function resolveP2PConfig(input: P2PConfigInput): P2PConfig {
  return { ...DEFAULT_P2P_CONFIG, ...stripUndefined(input) } as P2PConfig;
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

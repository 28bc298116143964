// The IPC contract between the interop tests and the bcoin child (bcoin-node.ts).

export interface BcoinStartOptions {
  /** bcoin's data prefix (a temp dir the parent creates and removes). */
  readonly prefix: string;
  /** host:port peers bcoin dials and keeps to (bcoin's `only`, like Core's -connect). */
  readonly only?: readonly string[];
  /** bcoin's log level on the child's stdout (default 'warning'). */
  readonly logLevel?: string;
}

export type BcoinCommand =
  | { readonly cmd: 'status' }
  | { readonly cmd: 'mine'; readonly count: number }
  | { readonly cmd: 'ping' }
  | { readonly cmd: 'addHost'; readonly hostname: string };

export interface BcoinPeerStatus {
  readonly address: string;
  readonly outbound: boolean;
  readonly handshake: boolean;
  readonly agent: string | null;
  readonly version: number;
  readonly services: number;
  /** Unix ms of the last matching pong, -1 before the first. */
  readonly lastPongMs: number;
}

/** A block bcoin refused, with bcoin's own reject reason (e.g. 'bad-cb-amount'). */
export interface BcoinReject {
  readonly hash: string;
  readonly reason: string;
  readonly code: string;
  readonly score: number;
}

export interface BcoinStatus {
  readonly height: number;
  readonly tip: string;
  readonly peers: readonly BcoinPeerStatus[];
  /** P2P commands bcoin received / sent, counted. */
  readonly received: Readonly<Record<string, number>>;
  readonly sent: Readonly<Record<string, number>>;
  readonly rejects: BcoinReject[];
  readonly errors: string[];
  /** host:port entries of bcoin's address manager. */
  readonly hosts: readonly string[];
}

export interface BcoinReady {
  readonly ready: true;
  readonly p2pPort: number;
  /** bcoin's user agent as it sends it in `version`. */
  readonly userAgent: string;
}

export type BcoinReply = { readonly id: number; readonly ok: true; readonly result: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

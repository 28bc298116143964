/** Handshake progress, as getpeerinfo-style tooling shows it. */
export enum HandshakeState {
  Connecting = 'connecting',
  VersionSent = 'version-sent',
  Connected = 'connected',
}

export type PeerDirection = 'inbound' | 'outbound';

export interface MessageCounter {
  messages: number;
  bytes: number;
}

/** A snapshot of one connection, like Core's getpeerinfo. Times are Unix milliseconds. */
export interface PeerInfo {
  readonly id: number;
  /** `ip:port` of the remote end. */
  readonly address: string;
  readonly direction: PeerDirection;
  readonly handshake: HandshakeState;
  readonly version: number;
  readonly userAgent: string;
  /** Decimal string: services is a uint64 bit field. */
  readonly services: string;
  readonly relay: boolean;
  readonly startHeight: number;
  /** Height of the best header we know the peer has (-1 unknown). */
  readonly syncedHeaders: number;
  /** Height of the best block we know the peer has (-1 unknown). */
  readonly syncedBlocks: number;
  readonly lastPingMs: number | null;
  readonly minPingMs: number | null;
  readonly pingWaitMs: number | null;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly sentPerCommand: Record<string, MessageCounter>;
  readonly receivedPerCommand: Record<string, MessageCounter>;
  readonly connectedAt: number;
  readonly lastSendAt: number;
  readonly lastReceiveAt: number;
  readonly misbehaviourScore: number;
  readonly blocksInFlight: number;
}

/** Why a connection ended; stable values for events, logs and the `peerDisconnected` payload. */
export enum DisconnectReason {
  HandshakeTimeout = 'handshake-timeout',
  SelfConnection = 'self-connection',
  ObsoleteVersion = 'obsolete-version',
  /** An automatic outbound peer without DESIRABLE_SERVICES (Core: "does not offer the expected services"). */
  MissingServices = 'missing-services',
  Misbehaviour = 'misbehaviour',
  PingTimeout = 'ping-timeout',
  /** Nothing received, or nothing sent got out, for inactivityTimeoutMs (Core's InactivityCheck). */
  Inactivity = 'inactivity',
  /** The peer stopped reading and our queue for it passed maxSendBufferBytes. */
  SendBufferFull = 'send-buffer-full',
  /** Our operator banned its address. */
  Banned = 'banned',
  /** The remote closed the socket or it failed. */
  Closed = 'closed',
  /** Our operator asked (API disconnect). */
  Requested = 'requested',
  Shutdown = 'shutdown',
}

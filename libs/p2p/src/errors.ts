/** Stable codes for failures of the P2P API (`connect`, bans, address parsing). */
export enum P2PErrorCode {
  Unreachable = 'UNREACHABLE',
  Timeout = 'TIMEOUT',
  SelfConnection = 'SELF_CONNECTION',
  Banned = 'BANNED',
  Duplicate = 'DUPLICATE',
  InvalidAddress = 'INVALID_ADDRESS',
  Limit = 'LIMIT',
  /** The handshake failed for another reason (peer closed, obsolete version, misbehaviour). */
  Rejected = 'REJECTED',
  NotRunning = 'NOT_RUNNING',
}

export class P2PError extends Error {
  override readonly name = 'P2PError';

  constructor(
    readonly code: P2PErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Why a piece of wire data was refused. Stable codes: peers are scored and metrics labelled by them. */
export enum WireErrorCode {
  Truncated = 'TRUNCATED',
  TrailingBytes = 'TRAILING_BYTES',
  NonCanonicalCompactSize = 'NON_CANONICAL_COMPACT_SIZE',
  CompactSizeTooLarge = 'COMPACT_SIZE_TOO_LARGE',
  CountTooLarge = 'COUNT_TOO_LARGE',
  StringTooLong = 'STRING_TOO_LONG',
  BadMagic = 'BAD_MAGIC',
  BadCommand = 'BAD_COMMAND',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  BadChecksum = 'BAD_CHECKSUM',
  InvalidValue = 'INVALID_VALUE',
}

/** A typed decode/encode failure naming the command (when known) and the reason. */
export class WireError extends Error {
  override readonly name = 'WireError';

  constructor(
    readonly code: WireErrorCode,
    readonly detail: string,
    readonly command?: string,
  ) {
    super(command ? `${command}: ${code}: ${detail}` : `${code}: ${detail}`);
  }

  /** The same error attributed to a message command (decoders below the framer don't know it). */
  withCommand(command: string): WireError {
    return this.command ? this : new WireError(this.code, this.detail, command);
  }
}

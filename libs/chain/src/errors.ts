/** Operational failures of the chain library (not consensus rejections: see ValidationError). */
export enum ChainErrorCode {
  UnknownNetwork = 'CHAIN.UNKNOWN_NETWORK',
  GenesisMismatch = 'CHAIN.GENESIS_MISMATCH',
  StoreCorrupt = 'CHAIN.STORE_CORRUPT',
  StoreClosed = 'CHAIN.STORE_CLOSED',
  InvalidPayload = 'CHAIN.INVALID_PAYLOAD',
  MiningFailed = 'CHAIN.MINING_FAILED',
}

export class ChainError extends Error {
  override readonly name = 'ChainError';

  constructor(
    readonly code: ChainErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

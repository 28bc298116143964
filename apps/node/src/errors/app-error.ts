/** Failures raised by the node's application services (the libraries have their own typed errors). */
export enum AppErrorCode {
  InvalidArgument = 'API.INVALID_ARGUMENT',
  NotFound = 'API.NOT_FOUND',
  Unauthenticated = 'API.UNAUTHENTICATED',
  TransactionRejected = 'API.TRANSACTION_REJECTED',
  TransactionDuplicate = 'API.TRANSACTION_DUPLICATE',
  MempoolFull = 'API.MEMPOOL_FULL',
}

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Extra machine-readable facts (e.g. a reject reason) returned to the client. */
    readonly details?: Record<string, string | number>,
  ) {
    super(message);
  }
}

export function notFound(what: string, id: string | number): AppError {
  return new AppError(AppErrorCode.NotFound, `${what} ${JSON.stringify(String(id))} not found`);
}

export function invalidArgument(field: string, message: string): AppError {
  return new AppError(AppErrorCode.InvalidArgument, `${field}: ${message}`);
}

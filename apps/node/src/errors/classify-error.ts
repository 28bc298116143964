import { HttpException } from '@nestjs/common';

import { ChainError, ChainErrorCode, ValidationError } from '@mbc/chain';
import { P2PError, P2PErrorCode } from '@mbc/p2p';
import { WireError } from '@mbc/wire';

import { AppError, AppErrorCode } from './app-error';
import { ErrorKind } from './error-kind';

export interface ClassifiedError {
  readonly kind: ErrorKind;
  /** Stable machine code: the library's or the API's own. */
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, string | number>;
}

const APP_KINDS: Record<AppErrorCode, ErrorKind> = {
  [AppErrorCode.InvalidArgument]: ErrorKind.InvalidArgument,
  [AppErrorCode.NotFound]: ErrorKind.NotFound,
  [AppErrorCode.Unauthenticated]: ErrorKind.Unauthenticated,
  [AppErrorCode.TransactionRejected]: ErrorKind.Unprocessable,
  [AppErrorCode.TransactionDuplicate]: ErrorKind.AlreadyExists,
  [AppErrorCode.MempoolFull]: ErrorKind.ResourceExhausted,
};

const P2P_KINDS: Record<P2PErrorCode, ErrorKind> = {
  [P2PErrorCode.Unreachable]: ErrorKind.BadGateway,
  [P2PErrorCode.Timeout]: ErrorKind.GatewayTimeout,
  [P2PErrorCode.SelfConnection]: ErrorKind.Conflict,
  [P2PErrorCode.Banned]: ErrorKind.Forbidden,
  [P2PErrorCode.Duplicate]: ErrorKind.AlreadyExists,
  [P2PErrorCode.InvalidAddress]: ErrorKind.InvalidArgument,
  [P2PErrorCode.Limit]: ErrorKind.ResourceExhausted,
  [P2PErrorCode.Rejected]: ErrorKind.BadGateway,
  [P2PErrorCode.NotRunning]: ErrorKind.Unavailable,
};

/** Nest's own exceptions (unknown route, unsupported media type). */
const HTTP_KINDS: Record<number, ErrorKind> = { 401: ErrorKind.Unauthenticated, 404: ErrorKind.NotFound, 413: ErrorKind.PayloadTooLarge };

function chainKind(code: ChainErrorCode): ErrorKind {
  return code === ChainErrorCode.InvalidPayload ? ErrorKind.InvalidArgument : code === ChainErrorCode.StoreClosed ? ErrorKind.Unavailable : ErrorKind.Internal;
}

/** Fastify's own errors (body too large, malformed JSON) carry a statusCode and an FST_ code. */
function isFastifyError(error: unknown): error is Error & { statusCode: number; code: string } {
  return error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number' && typeof (error as { code?: unknown }).code === 'string';
}

/** Sorts any error into an `ErrorKind`; unknown errors are internal and keep no details. */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof AppError) return { kind: APP_KINDS[error.code], code: error.code, message: error.message, details: error.details };
  if (error instanceof P2PError) return { kind: P2P_KINDS[error.code], code: `P2P.${error.code}`, message: error.message };
  if (error instanceof ValidationError) return { kind: ErrorKind.Unprocessable, code: `CHAIN.${error.code}`, message: error.message };
  if (error instanceof ChainError) return { kind: chainKind(error.code), code: error.code, message: error.message };
  if (error instanceof WireError) return { kind: ErrorKind.InvalidArgument, code: `WIRE.${error.code}`, message: error.message };
  if (error instanceof HttpException) {
    return { kind: HTTP_KINDS[error.getStatus()] ?? (error.getStatus() < 500 ? ErrorKind.InvalidArgument : ErrorKind.Internal), code: `HTTP.${error.getStatus()}`, message: error.message };
  }
  if (isFastifyError(error)) {
    if (error.statusCode === 413) return { kind: ErrorKind.PayloadTooLarge, code: error.code, message: error.message };
    if (error.statusCode < 500) return { kind: ErrorKind.InvalidArgument, code: error.code, message: error.message };
  }
  return { kind: ErrorKind.Internal, code: 'INTERNAL', message: 'internal error' };
}

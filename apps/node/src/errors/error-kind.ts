import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * Transport-neutral categories every error is sorted into; the one table below is the only place
 * that decides HTTP statuses and gRPC codes, so REST and gRPC always agree.
 */
export enum ErrorKind {
  InvalidArgument = 'INVALID_ARGUMENT',
  NotFound = 'NOT_FOUND',
  AlreadyExists = 'ALREADY_EXISTS',
  Conflict = 'CONFLICT',
  Forbidden = 'FORBIDDEN',
  Unprocessable = 'UNPROCESSABLE',
  Unauthenticated = 'UNAUTHENTICATED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  ResourceExhausted = 'RESOURCE_EXHAUSTED',
  BadGateway = 'BAD_GATEWAY',
  GatewayTimeout = 'GATEWAY_TIMEOUT',
  Unavailable = 'UNAVAILABLE',
  Internal = 'INTERNAL',
}

export const ERROR_KIND_STATUS: Record<ErrorKind, { readonly http: number; readonly grpc: GrpcStatus }> = {
  [ErrorKind.InvalidArgument]: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT },
  [ErrorKind.NotFound]: { http: 404, grpc: GrpcStatus.NOT_FOUND },
  [ErrorKind.AlreadyExists]: { http: 409, grpc: GrpcStatus.ALREADY_EXISTS },
  [ErrorKind.Conflict]: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION },
  [ErrorKind.Forbidden]: { http: 403, grpc: GrpcStatus.FAILED_PRECONDITION },
  [ErrorKind.Unprocessable]: { http: 422, grpc: GrpcStatus.FAILED_PRECONDITION },
  [ErrorKind.Unauthenticated]: { http: 401, grpc: GrpcStatus.UNAUTHENTICATED },
  [ErrorKind.PayloadTooLarge]: { http: 413, grpc: GrpcStatus.RESOURCE_EXHAUSTED },
  [ErrorKind.ResourceExhausted]: { http: 503, grpc: GrpcStatus.RESOURCE_EXHAUSTED },
  [ErrorKind.BadGateway]: { http: 502, grpc: GrpcStatus.UNAVAILABLE },
  [ErrorKind.GatewayTimeout]: { http: 504, grpc: GrpcStatus.DEADLINE_EXCEEDED },
  [ErrorKind.Unavailable]: { http: 503, grpc: GrpcStatus.UNAVAILABLE },
  [ErrorKind.Internal]: { http: 500, grpc: GrpcStatus.INTERNAL },
};

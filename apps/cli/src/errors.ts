import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * The CLI's exit codes: stable, so scripts can branch on them. Every failure the CLI reports is
 * a `CliError` carrying one of these; nothing else decides an exit code.
 */
export enum ExitCode {
  Ok = 0,
  /** The node answered with an error that fits none of the classes below. */
  Failure = 1,
  /** Bad usage or an argument that fails validation (ours or the node's INVALID_ARGUMENT). */
  Usage = 2,
  /** The node cannot be reached (connection refused, timed out, dropped). */
  Unreachable = 3,
  /** The node rejected the API token. */
  Unauthenticated = 4,
  /** The node has no such peer, ban, transaction or block. */
  NotFound = 5,
}

export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** A client-side validation failure that names the offending argument. */
export function invalidArgument(argument: string, problem: string): CliError {
  return new CliError(ExitCode.Usage, `invalid ${argument}: ${problem}`);
}

export function usageError(message: string): CliError {
  return new CliError(ExitCode.Usage, message);
}

/** The subset of a gRPC status error the mapping reads. */
export interface GrpcCallError {
  readonly code: number;
  readonly details?: string;
}

export function isGrpcCallError(err: unknown): err is GrpcCallError {
  return typeof err === 'object' && err !== null && typeof (err as GrpcCallError).code === 'number' && 'details' in err;
}

/**
 * grpc-js reports a connection it could not make as UNAVAILABLE with these details; a node that
 * answers UNAVAILABLE itself (e.g. "peer unreachable" for AddPeer) sends its own message instead.
 */
const TRANSPORT_FAILURE = /No connection established|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|Connection dropped|Failed to connect|connect ETIMEDOUT/i;

/** Maps a failed gRPC call to the CLI error (and exit code) an operator should see. */
export function fromGrpcError(err: GrpcCallError, address: string): CliError {
  const details = err.details || GrpcStatus[err.code] || `status ${err.code}`;
  switch (err.code) {
    case GrpcStatus.UNAVAILABLE:
      return TRANSPORT_FAILURE.test(details)
        ? new CliError(ExitCode.Unreachable, `cannot reach node at ${address}: ${details}`)
        : new CliError(ExitCode.Failure, `node refused: ${details}`);
    case GrpcStatus.DEADLINE_EXCEEDED:
      return new CliError(ExitCode.Unreachable, `node at ${address} did not answer in time (${details})`);
    case GrpcStatus.UNAUTHENTICATED:
      return new CliError(ExitCode.Unauthenticated, `authentication failed: ${details} (check --token or MBC_API_TOKEN)`);
    case GrpcStatus.INVALID_ARGUMENT:
      return new CliError(ExitCode.Usage, `invalid argument: ${details}`);
    case GrpcStatus.NOT_FOUND:
      return new CliError(ExitCode.NotFound, `not found: ${details}`);
    default:
      return new CliError(ExitCode.Failure, `node error (${GrpcStatus[err.code] ?? err.code}): ${details}`);
  }
}

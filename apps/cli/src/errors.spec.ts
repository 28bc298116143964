import { status } from '@grpc/grpc-js';

import { ExitCode, fromGrpcError } from './errors';

describe('fromGrpcError', () => {
  it.each([
    [status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED', ExitCode.Unreachable, 'cannot reach node at 127.0.0.1:1'],
    [status.UNAVAILABLE, 'cannot connect to 10.0.0.1:18444: peer unreachable', ExitCode.Failure, 'node refused'],
    [status.DEADLINE_EXCEEDED, 'Deadline exceeded', ExitCode.Unreachable, 'did not answer in time'],
    [status.UNAUTHENTICATED, 'a valid "Bearer <apiToken>" is required', ExitCode.Unauthenticated, 'authentication failed'],
    [status.INVALID_ARGUMENT, 'hex must have an even number of digits', ExitCode.Usage, 'invalid argument: hex must have an even number of digits'],
    [status.NOT_FOUND, 'peer "9" not found', ExitCode.NotFound, 'not found: peer "9" not found'],
    [status.FAILED_PRECONDITION, 'already connected', ExitCode.Failure, 'FAILED_PRECONDITION'],
  ])('maps code %i "%s" to exit %i', (code, details, exitCode, message) => {
    const error = fromGrpcError({ code, details }, '127.0.0.1:1');
    expect(error.exitCode).toBe(exitCode);
    expect(error.message).toContain(message);
  });
});

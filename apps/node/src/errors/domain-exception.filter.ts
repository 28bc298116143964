import { STATUS_CODES } from 'node:http';

import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { Observable, throwError } from 'rxjs';

import { LOGGER } from '../node/tokens';
import { classifyError } from './classify-error';
import { ERROR_KIND_STATUS, ErrorKind } from './error-kind';

/** The JSON body of every REST error. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
  details?: Record<string, string | number>;
}

/**
 * The one place where library and API errors become transport statuses: HTTP for REST,
 * a gRPC status for RPC handlers. Internal errors are logged with their stack and answered with
 * a bare "internal error" so no stack trace ever reaches a client.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    const classified = classifyError(exception);
    if (classified.kind === ErrorKind.Internal) this.logger.error({ err: exception }, 'unhandled error in API handler');
    const status = ERROR_KIND_STATUS[classified.kind];
    if (host.getType() === 'rpc') {
      return throwError(() => ({ code: status.grpc, details: classified.message, message: classified.message }));
    }
    const body: ErrorBody = {
      statusCode: status.http,
      error: STATUS_CODES[status.http] ?? 'Error',
      message: classified.message,
      code: classified.code,
      ...(classified.details ? { details: classified.details } : {}),
    };
    void host.switchToHttp().getResponse<FastifyReply>().status(status.http).send(body);
  }
}

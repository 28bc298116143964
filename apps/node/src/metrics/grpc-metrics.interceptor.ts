import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Observable, tap } from 'rxjs';

import { classifyError } from '../errors/classify-error';
import { ERROR_KIND_STATUS } from '../errors/error-kind';
import { METRICS } from '../node/tokens';
import type { NodeMetrics } from './node-metrics';

/**
 * mbc_grpc_request_duration_seconds{method,code}; REST durations come from a fastify onResponse hook.
 * Bound to the gRPC controller only (not APP_INTERCEPTOR): any interceptor on a REST route makes
 * Nest run the handler through an rxjs pipeline, which cost REST GET /v1/chain ~15% of its CPU.
 */
@Injectable()
export class GrpcMetricsInterceptor implements NestInterceptor {
  constructor(@Inject(METRICS) private readonly metrics: NodeMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const stop = this.metrics.grpcRequestDuration.startTimer({ method: context.getHandler().name });
    return next.handle().pipe(
      tap({
        complete: () => stop({ code: GrpcStatus[GrpcStatus.OK] }),
        error: (error: unknown) => stop({ code: GrpcStatus[ERROR_KIND_STATUS[classifyError(error).kind].grpc] }),
      }),
    );
  }
}

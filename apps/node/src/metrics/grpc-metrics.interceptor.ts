import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Observable, tap } from 'rxjs';

import { classifyError } from '../errors/classify-error';
import { ERROR_KIND_STATUS } from '../errors/error-kind';
import { METRICS } from '../node/tokens';
import type { NodeMetrics } from './node-metrics';

/** mbc_grpc_request_duration_seconds{method,code}; REST durations come from a fastify onResponse hook. */
@Injectable()
export class GrpcMetricsInterceptor implements NestInterceptor {
  constructor(@Inject(METRICS) private readonly metrics: NodeMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const stop = this.metrics.grpcRequestDuration.startTimer({ method: context.getHandler().name });
    return next.handle().pipe(
      tap({
        complete: () => stop({ code: GrpcStatus[GrpcStatus.OK] }),
        error: (error: unknown) => stop({ code: GrpcStatus[ERROR_KIND_STATUS[classifyError(error).kind].grpc] }),
      }),
    );
  }
}

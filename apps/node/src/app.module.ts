import { DynamicModule, Module, ValidationError, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { HealthImplementation } from 'grpc-health-check';
import { Logger } from 'pino';
import { Registry } from 'prom-client';

import type { NodeConfig } from './config/node-config';
import { AppError, AppErrorCode } from './errors/app-error';
import { DomainExceptionFilter } from './errors/domain-exception.filter';
import { NodeGrpcController } from './grpc/node-grpc.controller';
import { HealthController } from './health/health.controller';
import { ReadinessService } from './health/readiness.service';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsFeed } from './metrics/metrics-feed';
import { NodeMetrics } from './metrics/node-metrics';
import { NodeRuntime } from './node/node-runtime';
import { LOGGER, METRICS, METRICS_REGISTRY, NODE_RUNTIME } from './node/tokens';
import { ChainController } from './rest/chain.controller';
import { EventsController } from './rest/events.controller';
import { BansController, PeersController } from './rest/peers.controller';
import { TransactionsController } from './rest/transactions.controller';
import { ApiTokenGuard } from './security/api-token.guard';
import { TokenVerifier } from './security/token-verifier';
import { ChainService } from './services/chain.service';
import { EventsService } from './services/events.service';
import { MiningService } from './services/mining.service';
import { PeersService } from './services/peers.service';
import { TransactionsService } from './services/transactions.service';

/** Everything built before Nest starts: Nest only wires it to controllers. */
export interface AppModuleDeps {
  readonly config: NodeConfig;
  readonly runtime: NodeRuntime;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly metrics: NodeMetrics;
  readonly grpcHealth: HealthImplementation;
}

/** "address must be host:port; property foo should not exist": every message names its field. */
function validationFailure(errors: ValidationError[]): AppError {
  const messages = errors.flatMap((error) => Object.values(error.constraints ?? { invalid: `${error.property} is invalid` }));
  return new AppError(AppErrorCode.InvalidArgument, messages.join('; '), { field: errors[0]?.property ?? '' });
}

@Module({})
export class AppModule {
  static forRoot(deps: AppModuleDeps): DynamicModule {
    return {
      module: AppModule,
      controllers: [PeersController, BansController, TransactionsController, ChainController, EventsController, HealthController, MetricsController, NodeGrpcController],
      providers: [
        { provide: NODE_RUNTIME, useValue: deps.runtime },
        { provide: LOGGER, useValue: deps.logger },
        { provide: METRICS_REGISTRY, useValue: deps.registry },
        { provide: METRICS, useValue: deps.metrics },
        { provide: HealthImplementation, useValue: deps.grpcHealth },
        { provide: TokenVerifier, useValue: new TokenVerifier(deps.config.apiToken) },
        PeersService,
        TransactionsService,
        ChainService,
        MiningService,
        EventsService,
        ReadinessService,
        MetricsFeed,
        { provide: APP_GUARD, useClass: ApiTokenGuard },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true, exceptionFactory: validationFailure }),
        },
      ],
    };
  }
}

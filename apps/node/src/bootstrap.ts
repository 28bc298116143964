import 'reflect-metadata';

import { AddressInfo } from 'node:net';

import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HealthImplementation } from 'grpc-health-check';
import { Logger } from 'pino';

import { HTTP_BODY_LIMIT_BYTES } from './api/limits';
import { AppModule } from './app.module';
import type { NodeConfig } from './config/node-config';
import { NODE_SERVICE_NAME, createGrpcServer } from './grpc/grpc-options';
import { ReadinessService } from './health/readiness.service';
import { createLogger } from './logging/create-logger';
import { PinoNestLogger } from './logging/pino-nest-logger';
import { NodeMetrics, createMetricsRegistry } from './metrics/node-metrics';
import { NodeRuntime } from './node/node-runtime';

export interface BoundPorts {
  readonly p2pPort: number;
  readonly restPort: number;
  readonly grpcPort: number;
}

/** A running node: its Nest app (REST + gRPC), the node parts, and the ports it really bound. */
export interface NodeApp {
  readonly app: NestFastifyApplication;
  readonly runtime: NodeRuntime;
  readonly ports: BoundPorts;
  readonly logger: Logger;
  /** Stops accepting API calls, ends streams, closes peers, stops the miner, closes the store. */
  close(): Promise<void>;
}

export interface CreateNodeAppOptions {
  readonly logger?: Logger;
}

function setUpDocs(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('MiniBlockchain node').setDescription('REST API of a MiniBlockchain node (gRPC: proto/mbc/v1/node.proto)').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document);
}

/**
 * mbc_http_request_duration_seconds for every response, including 401/404/413 that never reach a
 * handler. A callback hook, not an async one: no promise per request on the hot path.
 */
function recordHttpDurations(app: NestFastifyApplication, metrics: NodeMetrics): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      done();
    });
}

/**
 * Builds and starts a whole node in this process: used by main.ts, the e2e tests and benchmarks.
 * Ports set to 0 are picked by the OS; `ports` tells which were bound.
 */
export async function createNodeApp(config: NodeConfig, options: CreateNodeAppOptions = {}): Promise<NodeApp> {
  const logger = options.logger ?? createLogger(config);
  const runtime = await NodeRuntime.open(config, logger);
  let app: NestFastifyApplication | undefined;
  try {
    const { registry, metrics } = createMetricsRegistry();
    const grpcHealth = new HealthImplementation({ '': 'NOT_SERVING', [NODE_SERVICE_NAME]: 'NOT_SERVING' });
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({ config, runtime, logger, registry, metrics, grpcHealth }),
      // forceCloseConnections: keep-alive and streaming sockets must not hold up shutdown.
      new FastifyAdapter({ bodyLimit: HTTP_BODY_LIMIT_BYTES, forceCloseConnections: true }),
      { logger: new PinoNestLogger(logger), abortOnError: false },
    );
    app.enableVersioning({ type: VersioningType.URI });
    setUpDocs(app);
    recordHttpDurations(app, metrics);
    const grpcServer = createGrpcServer(config, grpcHealth);
    // inheritAppConfig: the gRPC handlers get the same global guard, pipe and filter as REST.
    app.connectMicroservice({ strategy: grpcServer }, { inheritAppConfig: true });

    await runtime.start();
    await app.startAllMicroservices();
    await app.listen(config.restPort, config.restHost);
    app.get(ReadinessService).refreshGrpcHealth(); // P2P now listens: report SERVING without waiting a tick
    const restPort = (app.getHttpServer().address() as AddressInfo).port;
    const ports: BoundPorts = { p2pPort: runtime.p2pPort, restPort, grpcPort: grpcServer.boundPort ?? config.grpcPort };
    const started = app;
    return {
      app: started,
      runtime,
      ports,
      logger,
      async close() {
        await started.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await runtime.close();
    throw error;
  }
}

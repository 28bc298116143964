import { join } from 'node:path';

import { Server } from '@grpc/grpc-js';
import { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';

import type { NodeConfig } from '../config/node-config';
import { PortReportingGrpcServer } from './grpc-server';
import { NODE_PROTO_FILE, findProtoRoot } from './proto-path';

export const GRPC_PACKAGE = 'mbc.v1';
export const NODE_SERVICE_NAME = 'mbc.v1.NodeService';

/** The same 1 MiB ceiling as the REST body limit (gRPC's own default is 4 MiB). */
const MAX_RECEIVE_MESSAGE_BYTES = 1024 * 1024;

/** camelCase fields; int64 as strings (exact beyond 2^53); unset fields stay absent so DTO validation sees them missing. */
export const PROTO_LOADER_OPTIONS = { keepCase: false, longs: String, enums: String, defaults: false, oneofs: false } as const;

/**
 * The gRPC transport: NodeService from proto/mbc/v1/node.proto, plus the standard
 * grpc.health.v1 service and server reflection (grpcurl, grpcui) on the same server.
 */
export function createGrpcServer(config: NodeConfig, health: HealthImplementation): PortReportingGrpcServer {
  const protoRoot = findProtoRoot();
  return new PortReportingGrpcServer(
    {
      package: GRPC_PACKAGE,
      protoPath: join(protoRoot, NODE_PROTO_FILE),
      url: `${config.grpcHost.includes(':') ? `[${config.grpcHost}]` : config.grpcHost}:${config.grpcPort}`,
      loader: { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot] },
      gracefulShutdown: true,
      onLoadPackageDefinition: (pkg: PackageDefinition, server: Server) => {
        new ReflectionService(pkg).addToServer(server);
        health.addToServer(server);
      },
    },
    { 'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES },
  );
}

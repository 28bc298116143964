import { join } from 'node:path';

import { ChannelCredentials, Client, Metadata, ServiceError, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

import { NODE_PROTO_FILE, findProtoRoot } from '../../../apps/node/src/grpc/proto-path';

const PROTO_ROOT = findProtoRoot(__dirname);

/** Same loader options as the server, so int64 fields arrive as strings and unset fields stay absent. */
const definition = loadSync(join(PROTO_ROOT, NODE_PROTO_FILE), { keepCase: false, longs: String, enums: String, defaults: false, oneofs: false, includeDirs: [PROTO_ROOT] });
const loaded = loadPackageDefinition(definition) as unknown as { mbc: { v1: { NodeService: new (address: string, creds: ChannelCredentials) => Client } } };

/** The generated NodeService client class, loaded once from proto/ (shared by tests and benches). */
export const NodeService = loaded.mbc.v1.NodeService;

export type Unary = (request: object, metadata?: Metadata) => Promise<any>;

/** A raw @grpc/grpc-js NodeService client whose unary methods return promises. */
export interface NodeServiceClient {
  readonly raw: Client & Record<string, (...args: unknown[]) => any>;
  call(method: string, request?: object, token?: string): Promise<any>;
  close(): void;
}

export function authMetadata(token?: string): Metadata {
  const metadata = new Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

export function createNodeClient(port: number): NodeServiceClient {
  const raw = new NodeService(`127.0.0.1:${port}`, credentials.createInsecure()) as NodeServiceClient['raw'];
  return {
    raw,
    call(method, request = {}, token) {
      return new Promise((resolve, reject) => {
        raw[method]!(request, authMetadata(token), { deadline: Date.now() + 10_000 }, (error: ServiceError | null, response: unknown) =>
          error ? reject(error) : resolve(response),
        );
      });
    },
    close: () => raw.close(),
  };
}

// A raw @grpc/grpc-js client for mbc.v1.NodeService, built from the repository's .proto, that
// reports the status code of a unary call instead of throwing.
import { Client, Metadata, ServiceError, credentials, status } from '@grpc/grpc-js';

import { NodeService } from '../api/support/grpc-client';

export interface GrpcOutcome {
  readonly code: status;
  readonly details: string;
}

type UnaryMethod = (request: object, metadata: Metadata, options: object, callback: (error: ServiceError | null) => void) => void;

export class NodeServiceClient {
  private readonly client: Client & Record<string, UnaryMethod>;

  constructor(
    address: string,
    private readonly token?: string,
  ) {
    this.client = new NodeService(address, credentials.createInsecure()) as Client & Record<string, UnaryMethod>;
  }

  /** Calls `method` (e.g. 'Generate') with the token unless `withToken` is false. */
  call(method: string, request: object, options: { withToken?: boolean; authorization?: string } = {}): Promise<GrpcOutcome> {
    const metadata = new Metadata();
    const authorization = options.authorization ?? (options.withToken === false || !this.token ? undefined : `Bearer ${this.token}`);
    if (authorization) metadata.set('authorization', authorization);
    return new Promise((resolve) =>
      this.client[method]!.call(this.client, request, metadata, { deadline: Date.now() + 15_000 }, (error) =>
        resolve({ code: error ? error.code : status.OK, details: error?.details ?? '' }),
      ),
    );
  }

  /** A method the service does not have, called by raw path. */
  callUnknown(path: string): Promise<GrpcOutcome> {
    const metadata = new Metadata();
    if (this.token) metadata.set('authorization', `Bearer ${this.token}`);
    return new Promise((resolve) =>
      this.client.makeUnaryRequest(
        path,
        (value: Buffer) => value,
        (value: Buffer) => value,
        Buffer.alloc(0),
        metadata,
        { deadline: Date.now() + 15_000 },
        (error) => resolve({ code: error ? error.code : status.OK, details: error?.details ?? '' }),
      ),
    );
  }

  close(): void {
    this.client.close();
  }
}

import { join } from 'node:path';

import { ChannelCredentials, ClientReadableStream, connectivityState as ConnectivityState, Metadata, ServiceError, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import type { Client, ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

import { NODE_PROTO_FILE, findProtoRoot } from '../../node/src/grpc/proto-path';
import type { NodeEvent, RequestOf, ResponseOf, UnaryMethod } from './api-types';
import { CliError, ExitCode, fromGrpcError } from './errors';

/**
 * Same field shapes as the server (camelCase, int64 as strings, enums by name), but with proto3
 * defaults filled in so a zero height or an empty list is printed rather than missing.
 */
const PROTO_LOADER_OPTIONS = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: false } as const;

export interface ClientOptions {
  /** host:port of the node's gRPC server. */
  readonly address: string;
  readonly token?: string;
  /** Deadline for connecting and for each unary call. */
  readonly timeoutMs: number;
}

type UnaryFn = (request: object, metadata: Metadata, options: { deadline: Date }, callback: (err: ServiceError | null, response: unknown) => void) => void;
type StreamFn = (request: object, metadata: Metadata) => ClientReadableStream<NodeEvent>;

let serviceConstructor: ServiceClientConstructor | undefined;

/** mbc.v1.NodeService from proto/, found from source and from dist alike. */
function nodeServiceConstructor(): ServiceClientConstructor {
  if (serviceConstructor) return serviceConstructor;
  const protoRoot = findProtoRoot();
  const definition = loadSync(join(protoRoot, NODE_PROTO_FILE), { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot] });
  const mbc = loadPackageDefinition(definition).mbc as { v1: { NodeService: ServiceClientConstructor } };
  serviceConstructor = mbc.v1.NodeService;
  return serviceConstructor;
}

/** A NodeService client that turns every gRPC failure into a CliError with the right exit code. */
export class NodeClient {
  private readonly client: Client;
  private connected = false;

  constructor(private readonly options: ClientOptions, channelCredentials: ChannelCredentials = credentials.createInsecure()) {
    const Service = nodeServiceConstructor();
    this.client = new Service(options.address, channelCredentials);
  }

  get address(): string {
    return this.options.address;
  }

  async call<M extends UnaryMethod>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
    await this.connect();
    const fn = (this.client as unknown as Record<string, UnaryFn>)[method].bind(this.client);
    return new Promise((resolve, reject) => {
      fn(request, this.metadata(), { deadline: this.deadline() }, (err, response) => {
        if (err) reject(fromGrpcError(err, this.address));
        else resolve(response as ResponseOf<M>);
      });
    });
  }

  /** SubscribeEvents: a server stream with no deadline; the caller cancels it. */
  async subscribe(types: readonly string[] = []): Promise<ClientReadableStream<NodeEvent>> {
    await this.connect();
    const fn = (this.client as unknown as Record<string, StreamFn>).SubscribeEvents.bind(this.client);
    return fn({ types }, this.metadata());
  }

  close(): void {
    this.client.close();
  }

  /**
   * Waits for the channel first, so "the node is down" is told apart from a node that answers
   * UNAVAILABLE about something else (an unreachable peer, say). A refused connection fails at
   * once (the channel's first TRANSIENT_FAILURE) instead of retrying until the deadline.
   */
  private async connect(): Promise<void> {
    if (this.connected) return;
    const channel = this.client.getChannel();
    const deadline = this.deadline();
    await new Promise<void>((resolve, reject) => {
      const check = (state: ConnectivityState): void => {
        if (state === ConnectivityState.READY) return resolve();
        if (state === ConnectivityState.TRANSIENT_FAILURE || state === ConnectivityState.SHUTDOWN) {
          return reject(new CliError(ExitCode.Unreachable, `cannot reach node at ${this.address} (connection failed)`));
        }
        channel.watchConnectivityState(state, deadline, (err) => {
          if (err) reject(new CliError(ExitCode.Unreachable, `cannot reach node at ${this.address} (no connection within ${this.options.timeoutMs / 1000}s)`));
          else check(channel.getConnectivityState(true));
        });
      };
      check(channel.getConnectivityState(true));
    });
    this.connected = true;
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.options.token) metadata.set('authorization', `Bearer ${this.options.token}`);
    return metadata;
  }

  private deadline(): Date {
    return new Date(Date.now() + this.options.timeoutMs);
  }
}

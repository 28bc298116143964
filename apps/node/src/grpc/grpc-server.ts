import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ServerGrpc } from '@nestjs/microservices';

/**
 * Nest's gRPC transport, except that it keeps the port `bindAsync` reports: with grpcPort 0 the
 * node must tell operators and test harnesses which port it really got.
 */
export class PortReportingGrpcServer extends ServerGrpc {
  private port: number | undefined;

  constructor(
    options: ConstructorParameters<typeof ServerGrpc>[0],
    private readonly channelOptions: Record<string, number>,
  ) {
    super(options);
  }

  get boundPort(): number | undefined {
    return this.port;
  }

  override async createClient(): Promise<Server> {
    const server = new Server(this.channelOptions);
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(this.url, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    return server;
  }
}

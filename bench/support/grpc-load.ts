import * as grpc from '@grpc/grpc-js';

import { NodeService } from '../../test/api/support/grpc-client';
import { percentile } from './stats';

export interface LoadResult {
  readonly requestsPerSec: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/**
 * Calls one unary RPC with a fixed number of calls in flight for `durationMs` (there is no ghz
 * here): each completed call immediately starts the next.
 */
export async function grpcLoad(address: string, method: string, concurrency: number, durationMs: number): Promise<LoadResult> {
  const client = new NodeService(address, grpc.credentials.createInsecure()) as grpc.Client & Record<string, unknown>;
  const call = (client[method] as (req: object, cb: (err: grpc.ServiceError | null) => void) => void).bind(client);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + durationMs;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (Date.now() < deadline) {
      const t0 = process.hrtime.bigint();
      await new Promise<void>((resolve) =>
        call({}, (err) => {
          if (err) errors++;
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          resolve();
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  client.close();
  return { requestsPerSec: latencies.length / seconds, p99Ms: percentile(latencies, 99), errors };
}

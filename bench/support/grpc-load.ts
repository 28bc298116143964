import { ClientHttp2Session, connect, constants } from 'node:http2';
import { once } from 'node:events';

import * as grpc from '@grpc/grpc-js';

import { NodeService } from '../../test/api/support/grpc-client';
import { LoadResult, closedLoop } from './closed-loop';

/** gRPC's length-prefixed message: a compressed flag byte, a uint32 BE length, the message. */
export function grpcFrame(message: Uint8Array = new Uint8Array()): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

const GRPC_OK = '0';

/** One unary call over an HTTP/2 session; true when it ended with grpc-status 0. */
function unaryCall(session: ClientHttp2Session, path: string, frame: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: path,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    // A failing call may answer with headers only (grpc-status in the headers, no trailers).
    let status: unknown;
    stream.on('response', (headers) => (status = headers['grpc-status']));
    stream.on('trailers', (trailers) => (status = trailers['grpc-status']));
    stream.on('data', () => undefined);
    stream.on('end', () => resolve(status === GRPC_OK));
    stream.on('error', () => resolve(false));
    stream.end(frame);
  });
}

/**
 * Unary calls of `path` (e.g. /mbc.v1.NodeService/GetChainInfo) with `concurrency` in flight,
 * over node:http2 directly, as ghz or h2load would: the request is encoded once and a response
 * is only checked for grpc-status 0. One connection, like one @grpc/grpc-js channel.
 */
export async function http2GrpcLoad(address: string, path: string, frame: Buffer, concurrency: number, durationMs: number): Promise<LoadResult> {
  const session = connect(`http://${address}`);
  try {
    await once(session, 'connect');
    return await closedLoop(concurrency, durationMs, () => unaryCall(session, path, frame));
  } finally {
    session.close();
  }
}

/** The same load through a @grpc/grpc-js NodeService client (`method` as the client names it, e.g. getChainInfo). */
export async function grpcJsLoad(address: string, method: string, concurrency: number, durationMs: number): Promise<LoadResult> {
  const client = new NodeService(address, grpc.credentials.createInsecure()) as grpc.Client & Record<string, unknown>;
  const call = (client[method] as (req: object, cb: (err: grpc.ServiceError | null) => void) => void).bind(client);
  try {
    return await closedLoop(concurrency, durationMs, () => new Promise((resolve) => call({}, (err) => resolve(!err))));
  } finally {
    client.close();
  }
}

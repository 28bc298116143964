import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const NODE_PROTO_FILE = join('mbc', 'v1', 'node.proto');

/**
 * The repository's proto/ directory, found by walking up from this file, so the same code loads
 * the .proto from source (apps/node/src/grpc) and from the build (dist/apps/node/src/grpc).
 */
export function findProtoRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, NODE_PROTO_FILE))) return candidate;
    if (dirname(dir) === dir) throw new Error(`proto/${NODE_PROTO_FILE} not found above ${start}`);
  }
}

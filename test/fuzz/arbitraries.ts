// fast-check generators for the wire format: well-formed messages of every implemented command,
// valid frames, mutated frames, raw garbage and random chunkings of a byte stream.
import * as fc from 'fast-check';

import { BlockHeader, Hash256, InvType, Transaction, WireMessage, encodeFrame } from '@mbc/wire';

export const REGTEST_MAGIC = Buffer.from('fabfb5da', 'hex');

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((b) => Buffer.from(b));
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Hash256.fromInternal(b));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const netAddress = fc.record({ services: u64, ip: ipv4, port: fc.nat(65535) });
const commandName = fc.stringMatching(/^[a-z]{1,12}$/);

export const blockHeader: fc.Arbitrary<BlockHeader> = fc.record({
  version: i32,
  prevBlock: hash,
  merkleRoot: hash,
  time: u32,
  bits: u32,
  nonce: u32,
});

export const transaction: fc.Arbitrary<Transaction> = fc.record({
  version: i32,
  inputs: fc.array(
    fc.record({ prevout: fc.record({ txid: hash, index: u32 }), scriptSig: bytes(60), sequence: u32, witness: fc.constant([] as Buffer[]) }),
    { minLength: 1, maxLength: 3 },
  ),
  outputs: fc.array(fc.record({ value: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), scriptPubKey: bytes(60) }), { minLength: 1, maxLength: 3 }),
  lockTime: u32,
});

const inventory = fc.array(
  fc.record({ type: fc.oneof(fc.constantFrom(InvType.Tx, InvType.Block, InvType.WitnessTx, InvType.WitnessBlock), u32), hash }),
  { maxLength: 20 },
);
const locator = fc.record({ version: i32, locator: fc.array(hash, { maxLength: 12 }), hashStop: hash });

/** A well-formed message of any implemented command (plus unknown commands with raw payloads). */
export const wireMessage: fc.Arbitrary<WireMessage> = fc.oneof(
  fc.record({
    command: fc.constant('version' as const),
    version: i32,
    services: u64,
    timestamp: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    addrRecv: netAddress,
    addrFrom: netAddress,
    nonce: u64,
    userAgent: fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    startHeight: i32,
    relay: fc.boolean(),
  }),
  fc.constantFrom(...(['verack', 'getaddr', 'mempool', 'sendheaders', 'wtxidrelay', 'sendaddrv2'] as const).map((command) => ({ command }))),
  fc.record({ command: fc.constantFrom('ping' as const, 'pong' as const), nonce: u64 }),
  fc.record({ command: fc.constant('addr' as const), addresses: fc.array(fc.record({ time: u32, services: u64, ip: ipv4, port: fc.nat(65535) }), { maxLength: 20 }) }),
  fc.record({ command: fc.constantFrom('inv' as const, 'getdata' as const, 'notfound' as const), inventory }),
  fc.record({ command: fc.constantFrom('getheaders' as const, 'getblocks' as const) }).chain((m) => locator.map((l) => ({ ...m, ...l }))),
  fc.record({ command: fc.constant('headers' as const), headers: fc.array(blockHeader, { maxLength: 5 }) }),
  fc.record({ command: fc.constant('block' as const), block: fc.record({ header: blockHeader, transactions: fc.array(transaction, { minLength: 1, maxLength: 3 }) }) }),
  fc.record({ command: fc.constant('tx' as const), tx: transaction }),
  fc.record({ command: fc.constant('feefilter' as const), feeRate: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }) }),
  fc.record({ command: fc.constant('sendcmpct' as const), announce: fc.boolean(), version: u64 }),
  fc.record({ command: fc.constant('unknown' as const), name: fc.constantFrom('sendtxrcncl', 'addrv2', 'cmpctblock', 'zzz'), payload: bytes(64) }),
);

export const validFrame = wireMessage.map((m) => encodeFrame(REGTEST_MAGIC, m));

/** A valid frame with a few bytes overwritten, cut short or extended. */
export const mutatedFrame = fc
  .tuple(validFrame, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }), fc.integer({ min: -8, max: 8 }))
  .map(([frame, edits, resize]) => {
    const out = Buffer.from(frame);
    for (const [at, value] of edits) out[at % out.length] = value;
    return resize < 0 ? out.subarray(0, Math.max(0, out.length + resize)) : Buffer.concat([out, Buffer.alloc(resize, 0xab)]);
  });

/** A frame header with a correct checksum but any command and any payload bytes (decoder stress). */
export const randomPayloadFrame = fc.tuple(fc.oneof(commandName, fc.constantFrom('version', 'inv', 'headers', 'block', 'tx', 'addr', 'getheaders', 'reject')), bytes(300)).map(
  ([command, payload]) => encodeFrame(REGTEST_MAGIC, { command: 'unknown', name: command, payload }),
);

/** A header whose declared length lies (up to 4 GB), followed by a few payload bytes. */
export const lyingLengthFrame = fc.tuple(validFrame, u32).map(([frame, length]) => {
  const out = Buffer.from(frame);
  out.writeUInt32LE(length, 16);
  return out;
});

export const anyFrame = fc.oneof(
  { weight: 4, arbitrary: validFrame },
  { weight: 3, arbitrary: mutatedFrame },
  { weight: 2, arbitrary: randomPayloadFrame },
  { weight: 1, arbitrary: lyingLengthFrame },
  { weight: 1, arbitrary: bytes(100) },
);

/** Cuts a stream into chunks at random points (1-byte chunks included). */
export function chunked(stream: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, stream.length]) {
    if (point > from) chunks.push(stream.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

export const cutPoints = fc.array(fc.nat(), { maxLength: 40 });

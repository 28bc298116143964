// Wire codec throughput against bitcoinjs-lib on the same bytes in the same run: a full 2,000-header
// `headers` message, a ~1 MB block of ~2,000 transactions and a 50,000-entry `inv`.
// bitcoinjs-lib has no P2P message parser, so for headers and inv the reference is a plain loop over
// its own BufferReader/BufferWriter and Block (each header through Block.fromBuffer/toBuffer),
// the way an application built on it would parse those messages.
import { Block as BjsBlock } from 'bitcoinjs-lib';
import { BufferReader as BjsReader, BufferWriter as BjsWriter, varuint } from 'bitcoinjs-lib/src/bufferutils';

import {
  type BlockHeader,
  Hash256,
  type Transaction,
  type WireMessage,
  decodePayload,
  encodePayload,
} from '@mbc/wire';

import type { BenchResult } from './types';

const TARGET_RATIO = 1;
const GOAL_RATIO = 2;
const ROUNDS = 10;
const BATCH_MS = 100;

/** Deterministic pseudo-random bytes (xorshift32), so every run measures the same data. */
function prng(seed: number): (n: number) => Buffer {
  let s = seed >>> 0 || 1;
  return (n) => {
    const out = Buffer.allocUnsafe(n);
    for (let k = 0; k < n; k++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[k] = s & 0xff;
    }
    return out;
  };
}

const random = prng(0x5eed);
const hashOf = () => Hash256.fromInternal(random(32));

function headersMessage(): WireMessage {
  const headers: BlockHeader[] = [];
  let prevBlock = hashOf();
  for (let k = 0; k < 2_000; k++) {
    const header = { version: 0x20000000, prevBlock, merkleRoot: hashOf(), time: 1_700_000_000 + k * 600, bits: 0x207fffff, nonce: k };
    headers.push(header);
    prevBlock = hashOf();
  }
  return { command: 'headers', headers };
}

/** ~476 bytes each: 2 inputs with 140-byte scriptSigs, 3 P2PKH-sized outputs. */
function transaction(k: number): Transaction {
  return {
    version: 2,
    inputs: [0, 1].map((i) => ({ prevout: { txid: hashOf(), index: i }, scriptSig: random(140), sequence: 0xfffffffe, witness: [] })),
    outputs: [0, 1, 2].map((i) => ({ value: BigInt(1_000 * (k + i + 1)), scriptPubKey: random(25) })),
    lockTime: k,
  };
}

function blockMessage(): WireMessage {
  const header = { version: 0x20000000, prevBlock: hashOf(), merkleRoot: hashOf(), time: 1_700_000_000, bits: 0x207fffff, nonce: 7 };
  return { command: 'block', block: { header, transactions: Array.from({ length: 2_000 }, (_, k) => transaction(k)) } };
}

function invMessage(): WireMessage {
  return { command: 'inv', inventory: Array.from({ length: 50_000 }, (_, k) => ({ type: k % 2 === 0 ? 1 : 2, hash: hashOf() })) };
}

/**
 * CPU seconds (this process, all threads: GC included) per call of `fn` over `batch` calls. CPU
 * time rather than wall time, because other processes share the 2 cores and would otherwise
 * count against whichever side happened to be running.
 */
function secondsPerCall(fn: () => unknown, batch: number): number {
  const started = process.cpuUsage();
  for (let k = 0; k < batch; k++) fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6 / batch;
}

/**
 * Calls per CPU-second of each side, from their fastest batch over alternating batches: the
 * fastest batch is the least disturbed one, and alternating exposes both sides to the same
 * background load and to each other's garbage.
 */
function race(ours: () => unknown, theirs: () => unknown): { ours: number; theirs: number } {
  const batchOf = (fn: () => unknown) => Math.max(1, Math.ceil(BATCH_MS / 1000 / Math.max(secondsPerCall(fn, 3), 1e-6)));
  const oursBatch = batchOf(ours);
  const theirsBatch = batchOf(theirs);
  let best = { ours: Infinity, theirs: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    best = { ours: Math.min(best.ours, secondsPerCall(ours, oursBatch)), theirs: Math.min(best.theirs, secondsPerCall(theirs, theirsBatch)) };
  }
  return { ours: 1 / best.ours, theirs: 1 / best.theirs };
}

interface Case {
  name: string;
  payload: Buffer;
  message: WireMessage;
  oursDecode(): unknown;
  theirsDecode(): unknown;
  oursEncode(): Buffer;
  theirsEncode(): Uint8Array;
}

function bjsHeaders(payload: Buffer): BjsBlock[] {
  const r = new BjsReader(payload);
  const count = Number(r.readVarInt());
  const headers: BjsBlock[] = [];
  for (let k = 0; k < count; k++) {
    headers.push(BjsBlock.fromBuffer(r.readSlice(80)));
    if (r.readVarInt() !== 0n) throw new Error('header with transactions');
  }
  return headers;
}

function bjsHeadersEncode(headers: BjsBlock[]): Uint8Array {
  const out = Buffer.allocUnsafe(varuint.encodingLength(headers.length) + headers.length * 81);
  const w = new BjsWriter(out);
  w.writeVarInt(headers.length);
  for (const h of headers) {
    w.writeSlice(h.toBuffer(true));
    w.writeVarInt(0);
  }
  return out;
}

function bjsInv(payload: Buffer): Array<{ type: number; hash: Uint8Array }> {
  const r = new BjsReader(payload);
  const count = Number(r.readVarInt());
  const inventory = [];
  for (let k = 0; k < count; k++) inventory.push({ type: r.readUInt32(), hash: r.readSlice(32) });
  return inventory;
}

function bjsInvEncode(inventory: Array<{ type: number; hash: Uint8Array }>): Uint8Array {
  const out = Buffer.allocUnsafe(varuint.encodingLength(inventory.length) + inventory.length * 36);
  const w = new BjsWriter(out);
  w.writeVarInt(inventory.length);
  for (const v of inventory) {
    w.writeUInt32(v.type);
    w.writeSlice(v.hash);
  }
  return out;
}

/** Each case is built just before it is measured, so earlier cases' data doesn't weigh on its GC. */
function cases(): Array<() => Case> {
  const make = (message: WireMessage, theirs: (payload: Buffer) => { decode(): unknown; encode(): Uint8Array }): Case => {
    const payload = encodePayload(message);
    const decoded = decodePayload(message.command, payload);
    const reference = theirs(payload);
    return {
      name: message.command === 'unknown' ? message.name : message.command,
      payload,
      message,
      oursDecode: () => decodePayload(message.command, payload),
      theirsDecode: reference.decode,
      oursEncode: () => encodePayload(decoded),
      theirsEncode: reference.encode,
    };
  };
  return [
    () => make(headersMessage(), (payload) => {
      const parsed = bjsHeaders(payload);
      return { decode: () => bjsHeaders(payload), encode: () => bjsHeadersEncode(parsed) };
    }),
    () => make(blockMessage(), (payload) => {
      const parsed = BjsBlock.fromBuffer(payload);
      return { decode: () => BjsBlock.fromBuffer(payload), encode: () => parsed.toBuffer() };
    }),
    () => make(invMessage(), (payload) => {
      const parsed = bjsInv(payload);
      return { decode: () => bjsInv(payload), encode: () => bjsInvEncode(parsed) };
    }),
  ];
}

function label(c: Case): string {
  if (c.message.command === 'headers') return `headers (${c.message.headers.length} headers, ${c.payload.length} B)`;
  if (c.message.command === 'block') return `block (${c.message.block.transactions.length} txs, ${c.payload.length} B)`;
  if (c.message.command === 'inv') return `inv (${c.message.inventory.length} entries, ${c.payload.length} B)`;
  return c.name;
}

function compare(c: Case, op: 'decode' | 'encode', ours: () => unknown, theirs: () => unknown): BenchResult[] {
  // Both sides must agree on the bytes before their speed means anything.
  const bytes = Buffer.from(op === 'encode' ? (theirs() as Uint8Array) : c.payload);
  if (!bytes.equals(c.payload) || !Buffer.from(c.oursEncode()).equals(c.payload)) throw new Error(`${c.name}: encodings differ`);
  const { ours: oursRate, theirs: theirsRate } = race(ours, theirs);
  const ratio = oursRate / theirsRate;
  const mb = c.payload.length / 1e6;
  const what = `${label(c)} ${op}`;
  const theirName = c.name === 'block' ? 'bitcoinjs-lib Block' : 'bitcoinjs-lib loop';
  return [
    { name: `${what} throughput`, value: oursRate * mb, unit: 'MB/s', comparison: `${theirName}: ${(theirsRate * mb).toFixed(1)} MB/s` },
    { name: `${what} messages`, value: oursRate, unit: 'msg/s', comparison: `${theirName}: ${theirsRate.toFixed(1)} msg/s` },
    {
      name: `${what} speed-up vs ${theirName}`,
      value: Number(ratio.toFixed(2)),
      unit: 'x',
      target: `>= ${TARGET_RATIO}x (goal ${GOAL_RATIO}x)`,
      comparison: ratio >= GOAL_RATIO ? 'goal met' : ratio >= TARGET_RATIO ? 'target met, goal not' : 'slower than reference',
      ok: ratio >= TARGET_RATIO,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const build of cases()) {
    const c = build();
    results.push(...compare(c, 'decode', c.oursDecode, c.theirsDecode));
    results.push(...compare(c, 'encode', c.oursEncode, c.theirsEncode));
  }
  return results;
}

if (require.main === module) {
  run().then(
    (results) => process.stdout.write(`${JSON.stringify(results, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

import { WireError, WireErrorCode } from '../errors';
import { Hash256 } from '../primitives/hash';
import { BufferReader } from '../primitives/reader';
import { BufferWriter, compactSizeLength, varBytesLength } from '../primitives/writer';
import { TXIDS, WTXIDS } from './hash-memo';

export interface OutPoint {
  readonly txid: Hash256;
  readonly index: number;
}

export interface TxIn {
  readonly prevout: OutPoint;
  readonly scriptSig: Buffer;
  readonly sequence: number;
  /** Segwit witness stack; empty when the transaction carries no witness. */
  readonly witness: readonly Buffer[];
}

export interface TxOut {
  /** Satoshis (int64). */
  readonly value: bigint;
  readonly scriptPubKey: Buffer;
}

export interface Transaction {
  readonly version: number;
  readonly inputs: readonly TxIn[];
  readonly outputs: readonly TxOut[];
  readonly lockTime: number;
}

/** Smallest possible encodings, used to bound counts by the bytes left before allocating. */
const MIN_TXIN_BYTES = 41;
const MIN_TXOUT_BYTES = 9;
/** Shared by every input without witness data: one array less per input decoded. */
const NO_WITNESS: readonly Buffer[] = Object.freeze([]);

export function hasWitness(tx: Transaction): boolean {
  return tx.inputs.some((i) => i.witness.length > 0);
}

/** Serialized size; `withWitness` false gives the legacy (txid) serialization. */
export function transactionLength(tx: Transaction, withWitness = true): number {
  const witness = withWitness && hasWitness(tx);
  let n = 4 + 4 + (witness ? 2 : 0) + compactSizeLength(tx.inputs.length) + compactSizeLength(tx.outputs.length);
  for (const i of tx.inputs) {
    n += 36 + varBytesLength(i.scriptSig.length) + 4;
    if (witness) {
      n += compactSizeLength(i.witness.length);
      for (const item of i.witness) n += varBytesLength(item.length);
    }
  }
  for (const o of tx.outputs) n += 8 + varBytesLength(o.scriptPubKey.length);
  return n;
}

export function writeTransaction(w: BufferWriter, tx: Transaction, withWitness = true): void {
  const witness = withWitness && hasWitness(tx);
  w.i32le(tx.version);
  if (witness) w.u8(0x00).u8(0x01);
  w.compactSize(tx.inputs.length);
  for (const i of tx.inputs) {
    w.hash(i.prevout.txid).u32le(i.prevout.index).varBytes(i.scriptSig).u32le(i.sequence);
  }
  w.compactSize(tx.outputs.length);
  for (const o of tx.outputs) w.i64le(o.value).varBytes(o.scriptPubKey);
  if (witness) {
    for (const i of tx.inputs) {
      w.compactSize(i.witness.length);
      for (const item of i.witness) w.varBytes(item);
    }
  }
  w.u32le(tx.lockTime);
}

/**
 * Reads a transaction in legacy or BIP144 segwit serialization (marker 0x00, flag 0x01), as
 * Core's UnserializeTransaction does: a zero input count followed by flag 1 means witness data.
 * Scripts and witness items are views into the input (as in bitcoinjs-lib): one backing store
 * per message instead of thousands of small ones, which the GC would have to track.
 */
export function readTransaction(r: BufferReader): Transaction {
  const version = r.i32le();
  let inputCount = r.count(Number.MAX_SAFE_INTEGER, MIN_TXIN_BYTES);
  let segwit = false;
  if (inputCount === 0) {
    const flag = r.u8();
    if (flag !== 0x01) throw new WireError(WireErrorCode.InvalidValue, `unknown transaction flag ${flag}`);
    segwit = true;
    inputCount = r.count(Number.MAX_SAFE_INTEGER, MIN_TXIN_BYTES);
  }
  const inputs: { prevout: OutPoint; scriptSig: Buffer; sequence: number; witness: readonly Buffer[] }[] = new Array(inputCount);
  for (let k = 0; k < inputCount; k++) {
    const txid = r.hash();
    const index = r.u32le();
    const scriptSig = r.varBytes();
    inputs[k] = { prevout: { txid, index }, scriptSig, sequence: r.u32le(), witness: NO_WITNESS };
  }
  const outputCount = r.count(Number.MAX_SAFE_INTEGER, MIN_TXOUT_BYTES);
  const outputs: TxOut[] = new Array(outputCount);
  for (let k = 0; k < outputCount; k++) {
    outputs[k] = { value: r.i64le(), scriptPubKey: r.varBytes() };
  }
  if (segwit) {
    for (const input of inputs) {
      const items = r.count(Number.MAX_SAFE_INTEGER, 1);
      if (items === 0) continue;
      const witness: Buffer[] = new Array(items);
      for (let k = 0; k < items; k++) witness[k] = r.varBytes();
      input.witness = witness;
    }
    if (!inputs.some((i) => i.witness.length > 0)) {
      // Core: "Superfluous witness record" — a segwit encoding must carry some witness.
      throw new WireError(WireErrorCode.InvalidValue, 'segwit serialization without witness data');
    }
  }
  return { version, inputs, outputs, lockTime: r.u32le() };
}

export function encodeTransaction(tx: Transaction, withWitness = true): Buffer {
  const w = new BufferWriter(transactionLength(tx, withWitness));
  writeTransaction(w, tx, withWitness);
  return w.finish();
}

export function decodeTransaction(bytes: Buffer): Transaction {
  const r = new BufferReader(bytes);
  const tx = readTransaction(r);
  r.end();
  return tx;
}

/** txid = hash256 of the serialization without witness (memoised per transaction object). */
export function txid(tx: Transaction): Hash256 {
  return TXIDS.get(tx, (t) => Hash256.of(encodeTransaction(t, false)));
}

/** wtxid = hash256 of the full serialization; the txid when there is no witness (BIP141). */
export function wtxid(tx: Transaction): Hash256 {
  return hasWitness(tx) ? WTXIDS.get(tx, (t) => Hash256.of(encodeTransaction(t, true))) : txid(tx);
}

/** Records the hash256 of a transaction's full serialization when the caller already has it. */
export function rememberSerializationHash(tx: Transaction, digest: Hash256): void {
  (hasWitness(tx) ? WTXIDS : TXIDS).remember(tx, digest);
}

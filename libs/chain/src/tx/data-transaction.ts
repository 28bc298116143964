import { randomBytes } from 'node:crypto';

import { Hash256, type Transaction } from '@mbc/wire';

import { ChainError, ChainErrorCode } from '../errors';
import { Opcode, pushData } from '../script/script-builder';

/**
 * Largest payload of a data transaction: 80 bytes, the OP_RETURN payload that Core (before v30's
 * -datacarriersize change), btcd and bcoin relay as standard (an 83-byte script: OP_RETURN +
 * OP_PUSHDATA1 + length + 80 bytes), so every kind of peer relays our data transactions.
 */
export const MAX_DATA_PAYLOAD_BYTES = 80;

const FINAL_SEQUENCE = 0xffffffff;

/**
 * A Bitcoin-format transaction carrying `payload` in a zero-value OP_RETURN output. Its single
 * input spends a random outpoint, so equal payloads still give distinct txids. (There is no UTXO
 * set on this chain; real Bitcoin nodes would see that input as missing.)
 */
export function createDataTransaction(payload: Buffer): Transaction {
  checkedPayload(payload);
  return {
    version: 2,
    inputs: [{ prevout: { txid: Hash256.adopt(randomBytes(32)), index: 0 }, scriptSig: Buffer.alloc(0), sequence: FINAL_SEQUENCE, witness: [] }],
    outputs: [{ value: 0n, scriptPubKey: Buffer.concat([Buffer.from([Opcode.OP_RETURN]), pushData(payload)]) }],
    lockTime: 0,
  };
}

/** A UTF-8 text payload. */
export function dataPayloadFromText(text: string): Buffer {
  return checkedPayload(Buffer.from(text, 'utf8'));
}

/** A hex payload (even length, hex digits only; an optional 0x prefix). */
export function dataPayloadFromHex(hex: string): Buffer {
  const digits = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) {
    throw new ChainError(ChainErrorCode.InvalidPayload, 'payload must be an even number of hex digits');
  }
  return checkedPayload(Buffer.from(digits, 'hex'));
}

/** The payload of a transaction's first OP_RETURN output with a single push, if any. */
export function dataPayloadOf(tx: Transaction): Buffer | undefined {
  for (const output of tx.outputs) {
    const script = output.scriptPubKey;
    if (script[0] !== Opcode.OP_RETURN) continue;
    const payload = readSinglePush(script.subarray(1));
    if (payload) return payload;
  }
  return undefined;
}

function readSinglePush(script: Buffer): Buffer | undefined {
  if (script.length === 0) return Buffer.alloc(0);
  const op = script[0];
  let start: number;
  let length: number;
  if (op <= 0x4b) [start, length] = [1, op];
  else if (op === Opcode.OP_PUSHDATA1 && script.length >= 2) [start, length] = [2, script[1]];
  else if (op === Opcode.OP_PUSHDATA2 && script.length >= 3) [start, length] = [3, script.readUInt16LE(1)];
  else return undefined;
  return script.length === start + length ? script.subarray(start) : undefined;
}

function checkedPayload(payload: Buffer): Buffer {
  if (payload.length > MAX_DATA_PAYLOAD_BYTES) {
    throw new ChainError(ChainErrorCode.InvalidPayload, `payload is ${payload.length} bytes, the limit is ${MAX_DATA_PAYLOAD_BYTES}`);
  }
  return payload;
}

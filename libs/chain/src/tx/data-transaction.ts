import { randomBytes } from 'node:crypto';

import { Hash256, type OutPoint, type Transaction, type TxOut } from '@mbc/wire';

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
 * An UNFUNDED transaction carrying `payload` in a zero-value OP_RETURN output. Its single input
 * spends a random outpoint, so equal payloads still give distinct txids. Valid on a MiniBlockchain
 * network only (no UTXO set here): Bitcoin Core, btcd and bcoin reject it, and any block holding
 * it, as spending a missing input ("bad-txns-inputs-missingorspent"). Prefer
 * createFundedDataTransaction (or DataTransactionBuilder) whenever the node has a coin.
 */
export function createDataTransaction(payload: Buffer): Transaction {
  return spendingWithData({ txid: Hash256.adopt(randomBytes(32)), index: 0 }, [dataOutput(payload)]);
}

/** A coin an empty scriptSig can spend: an output paying a bare OP_TRUE-like script (see isEmptyScriptSigSpendable). */
export interface SpendableCoin {
  readonly outpoint: OutPoint;
  readonly value: bigint;
}

/**
 * A data transaction valid on every Bitcoin implementation: it spends `coin` (an output whose
 * script an empty scriptSig satisfies, e.g. the miner's default OP_TRUE payout) and has two
 * outputs, the zero-value OP_RETURN payload and the coin's full value back to `changeScript`, so
 * the next data transaction can spend the change, even unconfirmed. No fee: regtest Core mines
 * it (a block may hold zero-fee transactions) though its own mempool wants a relay fee.
 */
export function createFundedDataTransaction(payload: Buffer, coin: SpendableCoin, changeScript: Buffer): Transaction {
  return spendingWithData(coin.outpoint, [dataOutput(payload), { value: coin.value, scriptPubKey: changeScript }]);
}

/**
 * Whether an empty scriptSig satisfies `scriptPubKey`: a single OP_1..OP_16 leaves a true value
 * on the stack (Core's EvalScript + CastToBool; a bare script, so no cleanstack rule applies).
 */
export function isEmptyScriptSigSpendable(scriptPubKey: Buffer): boolean {
  return scriptPubKey.length === 1 && scriptPubKey[0] >= Opcode.OP_1 && scriptPubKey[0] <= Opcode.OP_16;
}

function dataOutput(payload: Buffer): TxOut {
  return { value: 0n, scriptPubKey: Buffer.concat([Buffer.from([Opcode.OP_RETURN]), pushData(checkedPayload(payload))]) };
}

/** Version 2, one final input with an empty scriptSig, lock time 0. */
function spendingWithData(prevout: OutPoint, outputs: TxOut[]): Transaction {
  return { version: 2, inputs: [{ prevout, scriptSig: Buffer.alloc(0), sequence: FINAL_SEQUENCE, witness: [] }], outputs, lockTime: 0 };
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

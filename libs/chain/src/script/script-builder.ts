/** Script opcodes used by this library (script/script.h). */
export enum Opcode {
  OP_0 = 0x00,
  OP_PUSHDATA1 = 0x4c,
  OP_PUSHDATA2 = 0x4d,
  OP_PUSHDATA4 = 0x4e,
  OP_1NEGATE = 0x4f,
  OP_1 = 0x51,
  OP_16 = 0x60,
  OP_RETURN = 0x6a,
}

export const OP_TRUE = Opcode.OP_1;

/** Largest payload a direct push opcode (0x01..0x4b) carries. */
const MAX_DIRECT_PUSH = 0x4b;

/** A minimal data push: direct for ≤ 75 bytes, then OP_PUSHDATA1/2/4 (CScript::operator<<(vector)). */
export function pushData(data: Uint8Array): Buffer {
  const n = data.length;
  let prefix: Buffer;
  if (n <= MAX_DIRECT_PUSH) prefix = Buffer.from([n]);
  else if (n <= 0xff) prefix = Buffer.from([Opcode.OP_PUSHDATA1, n]);
  else if (n <= 0xffff) {
    prefix = Buffer.alloc(3);
    prefix[0] = Opcode.OP_PUSHDATA2;
    prefix.writeUInt16LE(n, 1);
  } else {
    prefix = Buffer.alloc(5);
    prefix[0] = Opcode.OP_PUSHDATA4;
    prefix.writeUInt32LE(n, 1);
  }
  return Buffer.concat([prefix, data]);
}

/** CScriptNum::serialize: minimal little-endian magnitude with a sign bit in the last byte. */
export function scriptNumBytes(value: number): Buffer {
  if (value === 0) return Buffer.alloc(0);
  const negative = value < 0;
  let magnitude = Math.abs(value);
  const out: number[] = [];
  while (magnitude > 0) {
    out.push(magnitude & 0xff);
    magnitude = Math.floor(magnitude / 256);
  }
  if (out[out.length - 1] & 0x80) out.push(negative ? 0x80 : 0x00);
  else if (negative) out[out.length - 1] |= 0x80;
  return Buffer.from(out);
}

/**
 * CScript::push_int64 (`CScript() << n`): OP_0, OP_1NEGATE or OP_1..OP_16 for small numbers,
 * otherwise a push of the CScriptNum bytes. BIP34 coinbases start with `CScript() << height`,
 * so height 1 is the single byte 0x51 and height 17 is 0x01 0x11.
 */
export function pushNumber(value: number): Buffer {
  if (value === 0) return Buffer.from([Opcode.OP_0]);
  if (value === -1) return Buffer.from([Opcode.OP_1NEGATE]);
  if (value >= 1 && value <= 16) return Buffer.from([Opcode.OP_1 + value - 1]);
  return pushData(scriptNumBytes(value));
}

// Builds frames byte by byte, independently of the encoder under test, so specs can also build
// broken ones (wrong magic, bad padding, lying length or checksum).
import { createHash } from 'node:crypto';

export const REGTEST_MAGIC = Buffer.from('fabfb5da', 'hex');

export interface RawFrameOptions {
  magic?: Buffer;
  /** The 12 command bytes exactly as sent; defaults to the command NUL-padded. */
  commandBytes?: Buffer;
  /** Declared payload length; defaults to the real one. */
  length?: number;
  /** Checksum bytes; defaults to the first 4 bytes of double SHA-256 of the payload. */
  checksum?: Buffer;
}

export function doubleSha256(data: Buffer): Buffer {
  return createHash('sha256').update(createHash('sha256').update(data).digest()).digest();
}

export function rawFrame(command: string, payload: Buffer, options: RawFrameOptions = {}): Buffer {
  const header = Buffer.alloc(24);
  (options.magic ?? REGTEST_MAGIC).copy(header, 0);
  const commandBytes = options.commandBytes ?? Buffer.concat([Buffer.from(command, 'ascii'), Buffer.alloc(12)]).subarray(0, 12);
  commandBytes.copy(header, 4);
  header.writeUInt32LE(options.length ?? payload.length, 16);
  (options.checksum ?? doubleSha256(payload).subarray(0, 4)).copy(header, 20);
  return Buffer.concat([header, payload]);
}

import { randomBytes } from 'node:crypto';
import { Socket, connect } from 'node:net';

import { BufferWriter, FrameDecoder, Hash256, WireMessage, compactSizeLength, encodeFrame, hash256 } from '@mbc/wire';

/** Regtest magic (fa bf b5 da), as @mbc/chain's REGTEST.magic. */
export const REGTEST_MAGIC = Buffer.from('fabfb5da', 'hex');
export const PROTOCOL_VERSION = 70015;

export interface AttackerOptions {
  readonly host: string;
  readonly port: number;
  /** Source address (127.0.0.x): the node bans this address, never the honest peers'. */
  readonly localAddress: string;
  readonly magic?: Buffer;
  readonly connectTimeoutMs?: number;
}

export interface RawFrameOverrides {
  readonly magic?: Buffer;
  /** Declared payload length (default: the real one). */
  readonly length?: number;
  /** Default: the correct checksum. */
  readonly checksum?: Buffer;
}

/** A frame built byte by byte, so its header can lie (wrong magic, length or checksum). */
export function rawFrame(command: string, payload: Buffer, overrides: RawFrameOverrides = {}): Buffer {
  const header = Buffer.alloc(24);
  (overrides.magic ?? REGTEST_MAGIC).copy(header, 0);
  header.write(command, 4, 12, 'ascii');
  header.writeUInt32LE(overrides.length ?? payload.length, 16);
  (overrides.checksum ?? hash256(payload).subarray(0, 4)).copy(header, 20);
  return Buffer.concat([header, payload]);
}

/** An inv/getdata payload with any number of entries (above MAX_INV_SZ too, which encodeFrame refuses). */
export function inventoryPayload(inventory: readonly { type: number; hash: Hash256 }[]): Buffer {
  const w = new BufferWriter(compactSizeLength(inventory.length) + 36 * inventory.length);
  w.compactSize(inventory.length);
  for (const entry of inventory) w.u32le(entry.type).hash(entry.hash);
  return w.finish();
}

export function versionMessage(startHeight = 0): WireMessage {
  return {
    command: 'version',
    version: PROTOCOL_VERSION,
    services: 0n,
    timestamp: BigInt(Math.floor(Date.now() / 1000)),
    addrRecv: { services: 0n, ip: '0.0.0.0', port: 0 },
    addrFrom: { services: 0n, ip: '0.0.0.0', port: 0 },
    nonce: randomBytes(8).readBigUInt64LE(),
    userAgent: '/mbc-attacker:0.1/',
    startHeight,
    relay: true,
  };
}

/**
 * A scripted raw-TCP peer: it speaks the real wire format through @mbc/wire but sends whatever a
 * test tells it to — lies in frame headers, floods, messages out of order — and records what the
 * node answers and whether (and when) the node closed the connection.
 */
export class Attacker {
  readonly received: WireMessage[] = [];
  readonly closed: Promise<void>;
  private readonly decoder: FrameDecoder;
  private isClosed = false;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly socket: Socket,
    readonly magic: Buffer,
  ) {
    this.decoder = new FrameDecoder({ magic });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => {
      this.isClosed = true;
      this.notify();
    });
    socket.on('error', () => undefined); // A reset by the node is an outcome, read from `closed`.
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.decoder.push(chunk)) {
        if (event.ok) this.received.push(event.message);
        else if (event.fatal) break;
      }
      this.notify();
    });
  }

  static connect(options: AttackerOptions): Promise<Attacker> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: options.host, port: options.port, localAddress: options.localAddress });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${options.host}:${options.port} timed out`));
      }, options.connectTimeoutMs ?? 5_000);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new Attacker(socket, options.magic ?? REGTEST_MAGIC));
      });
    });
  }

  get open(): boolean {
    return !this.isClosed;
  }

  /** Writes and resolves once the bytes are handed to the kernel (or the socket is gone). */
  sendRaw(bytes: Buffer): Promise<void> {
    if (this.isClosed || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  send(message: WireMessage): Promise<void> {
    return this.sendRaw(encodeFrame(this.magic, message));
  }

  /** version → (their version + verack) → verack. */
  async handshake(timeoutMs = 10_000): Promise<void> {
    await this.send(versionMessage());
    await this.waitForMessage('version', timeoutMs);
    await this.send({ command: 'verack' });
    await this.waitForMessage('verack', timeoutMs);
  }

  /** The first received message with this command (already received or arriving within the deadline). */
  async waitForMessage<C extends WireMessage['command']>(
    command: C,
    timeoutMs = 10_000,
    match: (m: Extract<WireMessage, { command: C }>) => boolean = () => true,
  ): Promise<Extract<WireMessage, { command: C }>> {
    const found = () => this.received.find((m): m is Extract<WireMessage, { command: C }> => m.command === command && match(m as Extract<WireMessage, { command: C }>));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = found();
      if (message) return message;
      if (this.isClosed) throw new Error(`connection closed before a ${command} arrived`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${command} within ${timeoutMs} ms`);
      await this.nextEvent(left);
    }
  }

  /** Round trip proving the node still reads and answers this connection. */
  async ping(timeoutMs = 10_000): Promise<void> {
    const nonce = randomBytes(8).readBigUInt64LE();
    await this.send({ command: 'ping', nonce });
    await this.waitForMessage('pong', timeoutMs, (m) => m.nonce === nonce);
  }

  /** True when the node closed the connection within the deadline. */
  async waitClosed(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isClosed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.nextEvent(left);
    }
    return true;
  }

  /** Stop reading: the kernel buffers fill and the node's writes back up (a peer that never reads). */
  stopReading(): void {
    this.socket.pause();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves on the next received data or close, or after timeoutMs. */
  private nextEvent(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

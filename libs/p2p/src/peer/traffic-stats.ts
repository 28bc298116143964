import type { MessageCounter } from './peer-info';

/** Bytes and messages per command in each direction (getpeerinfo's bytessent_per_msg and friends). */
export class TrafficStats {
  bytesSent = 0;
  /** Raw socket bytes, including frames that failed to decode. */
  bytesReceived = 0;
  private readonly sent: Record<string, MessageCounter> = {};
  private readonly received: Record<string, MessageCounter> = {};

  onSent(command: string, bytes: number): void {
    this.bytesSent += bytes;
    add(this.sent, command, bytes);
  }

  onBytesReceived(bytes: number): void {
    this.bytesReceived += bytes;
  }

  /** `command` is a decoded command name: unknown ones arrive as 'unknown', so the map stays bounded. */
  onMessageReceived(command: string, bytes: number): void {
    add(this.received, command, bytes);
  }

  sentPerCommand(): Record<string, MessageCounter> {
    return structuredClone(this.sent);
  }

  receivedPerCommand(): Record<string, MessageCounter> {
    return structuredClone(this.received);
  }
}

function add(counters: Record<string, MessageCounter>, command: string, bytes: number): void {
  const c = (counters[command] ??= { messages: 0, bytes: 0 });
  c.messages += 1;
  c.bytes += bytes;
}

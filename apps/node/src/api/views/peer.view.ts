import { ApiProperty } from '@nestjs/swagger';

import type { BanEntry, MessageCounter, PeerInfo } from '@mbc/p2p';

/** Messages and bytes by command (proto map<string, MessageCounter>). */
const PER_COMMAND = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { messages: { type: 'number' }, bytes: { type: 'number' } } },
  example: { ping: { messages: 3, bytes: 96 } },
} as const;

/** A peer as REST and gRPC show it (field names match proto mbc.v1.Peer): Core's getpeerinfo. */
export class PeerView {
  @ApiProperty() id!: number;
  @ApiProperty({ example: '127.0.0.1:18444' }) address!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction!: string;
  @ApiProperty({ example: 'connected' }) handshake!: string;
  @ApiProperty({ example: 70016 }) version!: number;
  @ApiProperty() userAgent!: string;
  @ApiProperty({ description: 'uint64 service bits, decimal' }) services!: string;
  @ApiProperty() startHeight!: number;
  @ApiProperty() syncedHeaders!: number;
  @ApiProperty() syncedBlocks!: number;
  @ApiProperty({ description: 'Unix ms' }) connectedAtMs!: number;
  @ApiProperty({ nullable: true, type: Number }) pingSeconds!: number | null;
  @ApiProperty() bytesSent!: number;
  @ApiProperty() bytesReceived!: number;
  @ApiProperty() misbehaviourScore!: number;
  @ApiProperty({ nullable: true, type: Number }) minPingSeconds!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'a ping sent and not answered yet' }) pingWaitSeconds!: number | null;
  @ApiProperty({ description: 'Unix ms (the connection time until something is sent)' }) lastSendMs!: number;
  @ApiProperty({ description: 'Unix ms (the connection time until something arrives)' }) lastReceiveMs!: number;
  @ApiProperty({ description: 'the peer wants transaction announcements' }) relay!: boolean;
  @ApiProperty() blocksInFlight!: number;
  @ApiProperty(PER_COMMAND) sentPerCommand!: Record<string, MessageCounter>;
  @ApiProperty(PER_COMMAND) receivedPerCommand!: Record<string, MessageCounter>;
}

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

export function toPeerView(info: PeerInfo): PeerView {
  return {
    id: info.id,
    address: info.address,
    direction: info.direction,
    handshake: info.handshake,
    version: info.version,
    userAgent: info.userAgent,
    services: info.services,
    startHeight: info.startHeight,
    syncedHeaders: info.syncedHeaders,
    syncedBlocks: info.syncedBlocks,
    connectedAtMs: info.connectedAt,
    pingSeconds: seconds(info.lastPingMs),
    bytesSent: info.bytesSent,
    bytesReceived: info.bytesReceived,
    misbehaviourScore: info.misbehaviourScore,
    minPingSeconds: seconds(info.minPingMs),
    pingWaitSeconds: seconds(info.pingWaitMs),
    lastSendMs: info.lastSendAt,
    lastReceiveMs: info.lastReceiveAt,
    relay: info.relay,
    blocksInFlight: info.blocksInFlight,
    sentPerCommand: info.sentPerCommand,
    receivedPerCommand: info.receivedPerCommand,
  };
}

export class BanView {
  @ApiProperty({ example: '10.0.0.7' }) address!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'Unix ms' }) createdAtMs!: number;
  @ApiProperty({ description: 'Unix ms' }) bannedUntilMs!: number;
}

export function toBanView(entry: BanEntry): BanView {
  return { address: entry.address, reason: entry.reason, createdAtMs: entry.createdAt, bannedUntilMs: entry.bannedUntil };
}

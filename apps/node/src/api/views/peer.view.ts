import { ApiProperty } from '@nestjs/swagger';

import type { BanEntry, PeerInfo } from '@mbc/p2p';

/** A peer as REST and gRPC show it (field names match proto mbc.v1.Peer). */
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
}

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
    pingSeconds: info.lastPingMs === null ? null : info.lastPingMs / 1000,
    bytesSent: info.bytesSent,
    bytesReceived: info.bytesReceived,
    misbehaviourScore: info.misbehaviourScore,
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

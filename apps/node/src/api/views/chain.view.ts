import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { ChainEntry } from '@mbc/chain';

/** A block header with its place in the tree (field names match proto mbc.v1.Header). */
export class HeaderView {
  @ApiProperty() hash!: string;
  @ApiProperty() height!: number;
  @ApiProperty() version!: number;
  @ApiProperty() previousHash!: string;
  @ApiProperty() merkleRoot!: string;
  @ApiProperty({ description: 'Unix seconds' }) time!: number;
  @ApiProperty() bits!: number;
  @ApiProperty() nonce!: number;
  @ApiProperty({ description: 'cumulative work, hex' }) chainWork!: string;
}

export function toHeaderView(entry: ChainEntry): HeaderView {
  const { header } = entry;
  return {
    hash: entry.hash.toHex(),
    height: entry.height,
    version: header.version,
    previousHash: header.prevBlock.toHex(),
    merkleRoot: header.merkleRoot.toHex(),
    time: header.time,
    bits: header.bits,
    nonce: header.nonce,
    chainWork: entry.chainWork.toString(16),
  };
}

export class BlockView {
  @ApiProperty() header!: HeaderView;
  @ApiProperty({ type: [String] }) txids!: string[];
  @ApiProperty() size!: number;
  @ApiProperty({ description: '0 when the block is not on the active chain' }) confirmations!: number;
  @ApiPropertyOptional({ description: 'raw block (gRPC only; REST uses ?format=hex)' }) hex?: string;
}

export class PeerCountsView {
  @ApiProperty() inbound!: number;
  @ApiProperty() outbound!: number;
}

export class ChainInfoView {
  @ApiProperty() network!: string;
  @ApiProperty() height!: number;
  @ApiProperty() bestHash!: string;
  @ApiProperty() headersHeight!: number;
  @ApiProperty({ description: 'hex' }) chainWork!: string;
  @ApiProperty({ description: '0..1' }) syncProgress!: number;
  @ApiProperty() mempoolSize!: number;
  @ApiProperty() mempoolBytes!: number;
  @ApiProperty() peers!: PeerCountsView;
}

/** The facts GET /v1/chain reports, as read from the node: cheap to read and to compare (no hex). */
export interface ChainState {
  readonly tip: ChainEntry;
  readonly bestHeader: ChainEntry;
  readonly syncProgress: number;
  readonly mempoolSize: number;
  readonly mempoolBytes: number;
  readonly inboundPeers: number;
  readonly outboundPeers: number;
}

export function toChainInfoView(network: string, state: ChainState): ChainInfoView {
  return {
    network,
    height: state.tip.height,
    bestHash: state.tip.hash.toHex(),
    headersHeight: state.bestHeader.height,
    chainWork: state.tip.chainWork.toString(16),
    syncProgress: state.syncProgress,
    mempoolSize: state.mempoolSize,
    mempoolBytes: state.mempoolBytes,
    peers: { inbound: state.inboundPeers, outbound: state.outboundPeers },
  };
}

export class GenerateView {
  @ApiProperty({ type: [String] }) hashes!: string[];
}

import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

import { ToInt } from '../../config/coerce';
import { IsHostPort } from '../../config/host-port';

export class AddPeerDto {
  @ApiProperty({ example: '127.0.0.1:18444', description: 'host:port of the peer to dial' })
  @IsHostPort()
  address!: string;
}

export class PeerIdDto {
  @ApiProperty({ example: 1 })
  @ToInt() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  id!: number;
}

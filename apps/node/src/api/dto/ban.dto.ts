import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIP, IsInt, IsOptional, Max, Min } from 'class-validator';

import { ToInt } from '../../config/coerce';

/** Core bans addresses (IPs), not ports. */
export class BanAddressDto {
  @ApiProperty({ example: '10.0.0.7' })
  @IsIP()
  address!: string;
}

export class AddBanDto extends BanAddressDto {
  @ApiPropertyOptional({ example: 3600, description: 'default: the node banTime setting' })
  @IsOptional() @ToInt() @IsInt() @Min(1) @Max(31_536_000)
  durationSeconds?: number;
}

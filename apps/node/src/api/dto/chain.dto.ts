import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

import { ToInt } from '../../config/coerce';
import { MAX_GENERATE_BLOCKS, MAX_HEADERS_PER_REQUEST } from '../limits';

const HASH_OR_HEIGHT = /^(?:[0-9a-fA-F]{64}|\d{1,10})$/;
const HASH_OR_HEIGHT_MESSAGE = 'must be a block height or a 64-hex-character block hash';

export class HeadersQueryDto {
  @ApiProperty({ example: '0', description: 'height or block hash of the first header' })
  @Matches(HASH_OR_HEIGHT, { message: `from ${HASH_OR_HEIGHT_MESSAGE}` })
  from!: string;

  @ApiPropertyOptional({ example: 2000, minimum: 1, maximum: MAX_HEADERS_PER_REQUEST, default: MAX_HEADERS_PER_REQUEST })
  @IsOptional() @ToInt() @IsInt() @Min(1) @Max(MAX_HEADERS_PER_REQUEST)
  count?: number;
}

export class HashDto {
  @ApiProperty({ example: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'hash must be 64 hex characters' })
  hash!: string;
}

export class BlockRefDto {
  @ApiProperty({ example: '0' })
  @Matches(HASH_OR_HEIGHT, { message: `hashOrHeight ${HASH_OR_HEIGHT_MESSAGE}` })
  hashOrHeight!: string;
}

export class BlockFormatDto {
  @ApiPropertyOptional({ enum: ['json', 'hex'], default: 'json' })
  @IsOptional() @IsIn(['json', 'hex'])
  format?: 'json' | 'hex';
}

export class GenerateDto {
  @ApiProperty({ example: 1, minimum: 1, maximum: MAX_GENERATE_BLOCKS })
  @ToInt() @IsInt() @Min(1) @Max(MAX_GENERATE_BLOCKS)
  count!: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsHexadecimal, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';

import { MAX_DATA_CHARS, MAX_TX_HEX_CHARS } from '../limits';
import { ExclusiveWith } from './exclusive-with';

/** Exactly one of `data` (a payload the node wraps in a data transaction) or `hex` (a raw transaction). */
export class SendTransactionDto {
  @ApiPropertyOptional({ example: 'hello world', description: 'payload of a new data transaction' })
  @ValidateIf((dto: SendTransactionDto) => dto.data !== undefined || dto.hex === undefined)
  @ExclusiveWith('hex')
  @IsString({ message: 'data must be a string (or send hex instead)' })
  @MaxLength(MAX_DATA_CHARS)
  data?: string;

  @ApiPropertyOptional({ description: 'a raw serialized transaction' })
  @ValidateIf((dto: SendTransactionDto) => dto.hex !== undefined || dto.data === undefined)
  @IsString({ message: 'hex must be a string (or send data instead)' })
  @IsHexadecimal()
  @Length(2, MAX_TX_HEX_CHARS)
  @Matches(/^(?:[0-9a-fA-F]{2})*$/, { message: 'hex must have an even number of digits' })
  hex?: string;
}

export class TxidDto {
  @ApiProperty({ example: 'a'.repeat(64) })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'txid must be 64 hex characters' })
  txid!: string;
}

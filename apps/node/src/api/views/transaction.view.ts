import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SendTransactionView {
  @ApiProperty() txid!: string;
}

export class TransactionView {
  @ApiProperty() txid!: string;
  @ApiProperty() hex!: string;
  @ApiProperty() size!: number;
  @ApiProperty() inMempool!: boolean;
  @ApiPropertyOptional({ description: 'absent while unconfirmed' }) blockHash?: string;
  @ApiPropertyOptional({ description: 'absent while unconfirmed' }) blockHeight?: number;
  @ApiProperty() confirmations!: number;
}

export class MempoolView {
  @ApiProperty({ type: [String] }) txids!: string[];
  @ApiProperty() size!: number;
  @ApiProperty() bytes!: number;
}

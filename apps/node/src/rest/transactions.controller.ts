import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { SendTransactionDto, TxidDto } from '../api/dto/transaction.dto';
import { MempoolView, SendTransactionView, TransactionView } from '../api/views/transaction.view';
import { TransactionsService } from '../services/transactions.service';

@ApiTags('transactions')
@ApiBearerAuth()
@Controller({ version: '1' })
export class TransactionsController {
  constructor(private readonly transactions: TransactionsService) {}

  @Post('transactions')
  send(@Body() dto: SendTransactionDto): Promise<SendTransactionView> {
    return this.transactions.send(dto);
  }

  @Get('transactions/:txid')
  get(@Param() params: TxidDto): Promise<TransactionView> {
    return this.transactions.get(params.txid);
  }

  @Get('mempool')
  mempool(): MempoolView {
    return this.transactions.mempool();
  }
}

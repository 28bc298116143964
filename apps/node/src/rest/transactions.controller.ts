import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { SendTransactionDto, TxidDto } from '../api/dto/transaction.dto';
import { MempoolView, SendTransactionView, TransactionView } from '../api/views/transaction.view';
import { TransactionsService } from '../services/transactions.service';

@ApiTags('transactions')
@ApiBearerAuth()
@Controller({ version: '1' })
export class TransactionsController {
  constructor(private readonly transactions: TransactionsService) {}

  @Post('transactions')
  @ApiCreatedResponse({ type: SendTransactionView, description: 'accepted into the mempool and announced' })
  send(@Body() dto: SendTransactionDto): Promise<SendTransactionView> {
    return this.transactions.send(dto);
  }

  @Get('transactions/:txid')
  @ApiOkResponse({ type: TransactionView })
  get(@Param() params: TxidDto): Promise<TransactionView> {
    return this.transactions.get(params.txid);
  }

  @Get('mempool')
  @ApiOkResponse({ type: MempoolView })
  mempool(): MempoolView {
    return this.transactions.mempool();
  }
}

import { Inject, Injectable } from '@nestjs/common';

import { MempoolRejectReason, createDataTransaction } from '@mbc/chain';
import { Hash256, RejectCode, Transaction, decodeTransaction, encodeTransaction } from '@mbc/wire';

import { SendTransactionDto } from '../api/dto/transaction.dto';
import { MempoolView, SendTransactionView, TransactionView } from '../api/views/transaction.view';
import { AppError, AppErrorCode, notFound } from '../errors/app-error';
import { NodeRuntime } from '../node/node-runtime';
import { METRICS, NODE_RUNTIME } from '../node/tokens';
import { NodeMetrics } from '../metrics/node-metrics';
import { confirmationsOf } from './chain-lookup';

@Injectable()
export class TransactionsService {
  constructor(
    @Inject(NODE_RUNTIME) private readonly node: NodeRuntime,
    @Inject(METRICS) private readonly metrics: NodeMetrics,
  ) {}

  /** Accepts into the mempool, then announces to peers; a reject names Core's reason and BIP61 code. */
  send(dto: SendTransactionDto): SendTransactionView {
    const tx = dto.hex !== undefined ? decodeTransaction(Buffer.from(dto.hex, 'hex')) : createDataTransaction(Buffer.from(dto.data ?? '', 'utf8'));
    const result = this.node.mempool.accept(tx);
    if (!result.ok) {
      // Counted here: the mempool reports accepts as events but rejects only to its caller.
      this.metrics.transactionsRejected.inc({ reason: result.reason });
      throw rejection(result.reason, result.rejectCode, result.message);
    }
    this.node.p2p.broadcastTransaction(tx);
    return { txid: result.txid.toHex() };
  }

  async get(txidHex: string): Promise<TransactionView> {
    const id = Hash256.fromHex(txidHex);
    const pooled = this.node.mempool.get(id);
    if (pooled) return { ...rawView(id, pooled), inMempool: true, confirmations: 0 };
    const confirmed = await this.node.chain.findTransaction(id);
    if (!confirmed) throw notFound('transaction', txidHex);
    return {
      ...rawView(id, confirmed.tx),
      inMempool: false,
      blockHash: confirmed.entry.hash.toHex(),
      blockHeight: confirmed.entry.height,
      confirmations: confirmationsOf(this.node.chain, confirmed.entry),
    };
  }

  mempool(): MempoolView {
    const { mempool } = this.node;
    return { txids: [...mempool.entries()].map((entry) => entry.txid.toHex()), size: mempool.size, bytes: mempool.bytes };
  }
}

function rawView(id: Hash256, tx: Transaction): { txid: string; hex: string; size: number } {
  const raw = encodeTransaction(tx);
  return { txid: id.toHex(), hex: raw.toString('hex'), size: raw.length };
}

function rejection(reason: MempoolRejectReason, rejectCode: RejectCode, message: string): AppError {
  const details = { reason, rejectCode };
  if (rejectCode === RejectCode.Duplicate) return new AppError(AppErrorCode.TransactionDuplicate, `transaction rejected: ${message}`, details);
  if (reason === MempoolRejectReason.MempoolFull) return new AppError(AppErrorCode.MempoolFull, `transaction rejected: ${message}`, details);
  return new AppError(AppErrorCode.TransactionRejected, `transaction rejected: ${message}`, details);
}

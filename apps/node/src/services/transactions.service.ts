import { Inject, Injectable } from '@nestjs/common';

import { AcceptResult, MAX_DATA_PAYLOAD_BYTES, MempoolRejectReason } from '@mbc/chain';
import { Hash256, RejectCode, Transaction, decodeTransaction, encodeTransaction } from '@mbc/wire';

import { SendTransactionDto } from '../api/dto/transaction.dto';
import { MempoolView, SendTransactionView, TransactionView } from '../api/views/transaction.view';
import { AppError, AppErrorCode, invalidArgument, notFound } from '../errors/app-error';
import type { NodeRuntime } from '../node/node-runtime';
import { METRICS, NODE_RUNTIME } from '../node/tokens';
import type { NodeMetrics } from '../metrics/node-metrics';
import { confirmationsOf } from './chain-lookup';

@Injectable()
export class TransactionsService {
  constructor(
    @Inject(NODE_RUNTIME) private readonly node: NodeRuntime,
    @Inject(METRICS) private readonly metrics: NodeMetrics,
  ) {}

  /** Accepts into the mempool, which announces it to peers; a reject names Core's reason and BIP61 code. */
  async send(dto: SendTransactionDto): Promise<SendTransactionView> {
    const result = await this.submit(dto);
    if (!result.ok) {
      // Counted here: the mempool reports accepts as events but rejects only to its caller.
      this.metrics.transactionsRejected.inc({ reason: result.reason });
      throw rejection(result.reason, result.rejectCode, result.message);
    }
    return { txid: result.txid.toHex() };
  }

  /** Raw hex as given; data payloads funded from the node's own coins when it has mature ones. */
  private async submit(dto: SendTransactionDto): Promise<AcceptResult> {
    const broadcast = (tx: Transaction) => this.node.p2p.broadcastTransaction(tx);
    if (dto.hex !== undefined) return broadcast(decodeTransaction(Buffer.from(dto.hex, 'hex')));
    const { result } = await this.node.dataTransactions.send(dataPayload(dto.data ?? ''), broadcast);
    return result;
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
    return { txids: mempool.entries().map((entry) => entry.txid.toHex()), size: mempool.size, bytes: mempool.bytes };
  }
}

/** Checked here so the error names the API field; the chain enforces the same limit. */
function dataPayload(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  if (payload.length > MAX_DATA_PAYLOAD_BYTES) {
    throw invalidArgument('data', `is ${payload.length} bytes as UTF-8, the limit is ${MAX_DATA_PAYLOAD_BYTES} (standard OP_RETURN size)`);
  }
  return payload;
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

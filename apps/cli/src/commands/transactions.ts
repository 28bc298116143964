import type { TransactionInfo } from '../api-types';
import { type Command, stringOption } from '../command';
import { usageError } from '../errors';
import { formatBytes } from '../format';
import { formatFields, formatTable } from '../table';
import * as validate from '../validate';

function transactionFields(tx: TransactionInfo): string {
  return formatFields([
    ['txid', tx.txid],
    ['size', `${tx.size} bytes`],
    ['status', tx.inMempool ? 'in mempool' : tx.blockHash ? 'confirmed' : 'unknown'],
    ['block', tx.blockHash ? `${tx.blockHash} (height ${tx.blockHeight ?? '?'})` : '-'],
    ['confirmations', String(tx.confirmations)],
    ['hex', tx.hex],
  ]);
}

export const transactionCommands: readonly Command[] = [
  {
    path: ['tx', 'send'],
    summary: 'Submit a transaction: a UTF-8 payload wrapped in a data transaction, or raw hex',
    args: '(--text <utf8> | --hex <raw>)',
    positionals: { min: 0, max: 0 },
    options: { text: { type: 'string' }, hex: { type: 'string' } },
    optionHelp: [
      ['--text <utf8>', 'payload the node wraps in a new data transaction'],
      ['--hex <raw>', 'a raw serialized transaction'],
    ],
    async run(ctx) {
      const text = stringOption(ctx.values, 'text');
      const hex = stringOption(ctx.values, 'hex');
      if ((text === undefined) === (hex === undefined)) throw usageError('tx send needs exactly one of --text or --hex');
      const request = text !== undefined ? { data: text } : { hex: validate.evenHex('--hex', hex as string) };
      const sent = await ctx.client().call('SendTransaction', request);
      ctx.print(sent, () => sent.txid);
    },
  },
  {
    path: ['tx', 'get'],
    summary: 'Show a transaction from the mempool or the active chain',
    args: '<txid>',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const txid = validate.hash('<txid>', ctx.positionals[0]);
      const tx = await ctx.client().call('GetTransaction', { txid });
      ctx.print(tx, () => transactionFields(tx));
    },
  },
  {
    path: ['mempool'],
    summary: 'List the transactions waiting in the mempool',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const mempool = await ctx.client().call('ListMempool', {});
      ctx.print(mempool, () =>
        [
          `${mempool.size} transaction(s), ${formatBytes(mempool.bytes)}`,
          ...(mempool.txids.length ? ['', formatTable([{ header: 'TXID' }], mempool.txids.map((txid) => [txid]))] : []),
        ].join('\n'),
      );
    },
  },
];

import { MAX_GENERATE_BLOCKS, MAX_HEADERS_PER_REQUEST } from '../../../node/src/api/limits';
import type { Block, ChainInfo, Header } from '../api-types';
import { type Command, stringOption } from '../command';
import { formatBytes, formatPercent, formatTime } from '../format';
import { formatFields, formatTable } from '../table';
import * as validate from '../validate';

/** The node's own bounds, checked here too so a bad argument fails before any call. */
const MAX_HEADERS = MAX_HEADERS_PER_REQUEST;
const MAX_GENERATE = MAX_GENERATE_BLOCKS;

function chainFields(info: ChainInfo): string {
  return formatFields([
    ['network', info.network],
    ['height', String(info.height)],
    ['best hash', info.bestHash],
    ['headers', String(info.headersHeight)],
    ['sync', formatPercent(info.syncProgress)],
    ['chain work', info.chainWork],
    ['mempool', `${info.mempoolSize} tx, ${formatBytes(info.mempoolBytes)}`],
    ['peers', `${info.peers.inbound} in, ${info.peers.outbound} out`],
  ]);
}

function headerTable(headers: readonly Header[]): string {
  if (headers.length === 0) return 'no headers';
  return formatTable(
    [{ header: 'HEIGHT', align: 'right' }, { header: 'HASH' }, { header: 'TIME' }, { header: 'BITS' }, { header: 'NONCE', align: 'right' }],
    headers.map((h) => [String(h.height), h.hash, formatTime(h.time * 1000), h.bits.toString(16).padStart(8, '0'), String(h.nonce)]),
  );
}

function blockFields(block: Block): string {
  const { header } = block;
  return formatFields([
    ['hash', header.hash],
    ['height', String(header.height)],
    ['confirmations', String(block.confirmations)],
    ['time', formatTime(header.time * 1000)],
    ['previous', header.previousHash],
    ['merkle root', header.merkleRoot],
    ['version', String(header.version)],
    ['bits', header.bits.toString(16).padStart(8, '0')],
    ['nonce', String(header.nonce)],
    ['size', `${block.size} bytes`],
    ['transactions', block.txids.join('\n')],
  ]);
}

export const chainCommands: readonly Command[] = [
  {
    path: ['chain'],
    summary: 'Chain and sync state',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const info = await ctx.client().call('GetChainInfo', {});
      ctx.print(info, () => chainFields(info));
    },
  },
  {
    path: ['headers'],
    summary: 'List headers of the active chain from a height or hash',
    args: '[--from <height|hash>] [--count <n>]',
    positionals: { min: 0, max: 0 },
    options: { from: { type: 'string' }, count: { type: 'string' } },
    optionHelp: [
      ['--from <height|hash>', 'first header (default 0, genesis)'],
      ['--count <n>', `how many, 1..${MAX_HEADERS} (default 20)`],
    ],
    async run(ctx) {
      const from = validate.hashOrHeight('--from', stringOption(ctx.values, 'from') ?? '0');
      const count = validate.integer('--count', stringOption(ctx.values, 'count') ?? '20', 1, MAX_HEADERS);
      const { headers } = await ctx.client().call('GetHeaders', { from, count });
      ctx.print(headers, () => headerTable(headers));
    },
  },
  {
    path: ['block'],
    summary: 'Show a block by hash or height',
    args: '<hash|height>',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const hashOrHeight = validate.hashOrHeight('<hash|height>', ctx.positionals[0]);
      const block = await ctx.client().call('GetBlock', { hashOrHeight });
      ctx.print(block, () => blockFields(block));
    },
  },
  {
    path: ['generate'],
    summary: 'Mine blocks on the node now (regtest)',
    args: '<n>',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const count = validate.integer('<n>', ctx.positionals[0], 1, MAX_GENERATE);
      const { hashes } = await ctx.client().call('Generate', { count });
      ctx.print(hashes, () => hashes.join('\n'));
    },
  },
];

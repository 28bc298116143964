import { Inject, Injectable } from '@nestjs/common';

import { ChainEntry } from '@mbc/chain';
import { decodeBlock, txid } from '@mbc/wire';

import { BlockView, ChainInfoView, HeaderView, toHeaderView } from '../api/views/chain.view';
import { MAX_HEADERS_PER_REQUEST } from '../api/limits';
import { notFound } from '../errors/app-error';
import type { NodeRuntime } from '../node/node-runtime';
import { NODE_RUNTIME } from '../node/tokens';
import { confirmationsOf, entryByHashOrHeight } from './chain-lookup';

export interface BlockWithRaw {
  readonly view: BlockView;
  readonly raw: Buffer;
}

@Injectable()
export class ChainService {
  constructor(@Inject(NODE_RUNTIME) private readonly node: NodeRuntime) {}

  info(): ChainInfoView {
    const { chain, mempool, p2p, params } = this.node;
    const peers = p2p.peers();
    return {
      network: params.name,
      height: chain.tip.height,
      bestHash: chain.tip.hash.toHex(),
      headersHeight: chain.bestHeader.height,
      chainWork: chain.tip.chainWork.toString(16),
      syncProgress: p2p.syncState().progress,
      mempoolSize: mempool.size,
      mempoolBytes: mempool.bytes,
      peers: {
        inbound: peers.filter((p) => p.direction === 'inbound').length,
        outbound: peers.filter((p) => p.direction === 'outbound').length,
      },
    };
  }

  /**
   * Up to `count` headers starting at `from` and following the active chain, like Core's REST
   * /rest/headers/<count>/<hash>. A start off the active chain yields that header alone.
   */
  headers(from: string, count = MAX_HEADERS_PER_REQUEST): HeaderView[] {
    const { chain } = this.node;
    const start = entryByHashOrHeight(chain, from);
    const views = [toHeaderView(start)];
    if (!chain.isOnActiveChain(start)) return views;
    const last = Math.min(start.height + count - 1, chain.tip.height);
    for (let height = start.height + 1; height <= last; height++) {
      views.push(toHeaderView(chain.getEntryByHeight(height) as ChainEntry));
    }
    return views;
  }

  header(hash: string): HeaderView {
    return toHeaderView(entryByHashOrHeight(this.node.chain, hash));
  }

  async block(hashOrHeight: string): Promise<BlockWithRaw> {
    const { chain } = this.node;
    const entry = entryByHashOrHeight(chain, hashOrHeight);
    const raw = entry.hasBlock ? await chain.getRawBlock(entry.hash) : undefined;
    if (!raw) throw notFound('block data', hashOrHeight);
    const block = decodeBlock(raw);
    const view: BlockView = {
      header: toHeaderView(entry),
      txids: block.transactions.map((tx) => txid(tx).toHex()),
      size: raw.length,
      confirmations: confirmationsOf(chain, entry),
    };
    return { view, raw };
  }
}

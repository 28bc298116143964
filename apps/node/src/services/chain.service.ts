import { Inject, Injectable } from '@nestjs/common';

import { decodeBlock, txid } from '@mbc/wire';

import { BlockView, ChainInfoView, HeaderView, toHeaderView } from '../api/views/chain.view';
import { HEADER_PAGE_CACHE_BYTES, MAX_HEADERS_PER_REQUEST } from '../api/limits';
import { notFound } from '../errors/app-error';
import type { NodeRuntime } from '../node/node-runtime';
import { NODE_RUNTIME } from '../node/tokens';
import { ChainInfoCache } from './chain-info.cache';
import { confirmationsOf, entryByHashOrHeight, headerPage } from './chain-lookup';
import { HeaderPageCache } from './header-page.cache';

export interface BlockWithRaw {
  readonly view: BlockView;
  readonly raw: Buffer;
}

@Injectable()
export class ChainService {
  private readonly summary: ChainInfoCache;
  private readonly headerPages: HeaderPageCache;

  constructor(@Inject(NODE_RUNTIME) private readonly node: NodeRuntime) {
    this.summary = new ChainInfoCache(node);
    this.headerPages = new HeaderPageCache(node.chain, HEADER_PAGE_CACHE_BYTES);
  }

  info(): ChainInfoView {
    return this.summary.view();
  }

  /** info() as JSON, serialized once per change of the chain, mempool or peers. */
  infoJson(): string {
    return this.summary.json();
  }

  /** Up to `count` headers from `from` along the active chain (see headerPage). */
  headers(from: string, count = MAX_HEADERS_PER_REQUEST): HeaderView[] {
    const { chain } = this.node;
    return headerPage(chain, entryByHashOrHeight(chain, from), count).map(toHeaderView);
  }

  /** headers() as JSON, from a cache of serialized pages. */
  headersJson(from: string, count = MAX_HEADERS_PER_REQUEST): Buffer {
    return this.headerPages.json(entryByHashOrHeight(this.node.chain, from), count);
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

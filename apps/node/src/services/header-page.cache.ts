import type { ChainEntry } from '@mbc/chain';
import { LRUCache } from 'lru-cache';

import { toJsonBuffer } from '../api/json-response';
import { toHeaderView } from '../api/views/chain.view';
import { ActiveChain, headerPage } from './chain-lookup';

/** What a cached page costs beyond its JSON (key, entry, LRU bookkeeping): keeps the bound honest for many tiny pages. */
const PAGE_OVERHEAD_BYTES = 256;

interface CachedPage {
  /** The page's last header; it commits (through its ancestors' hashes) to the whole page. */
  readonly last: ChainEntry;
  readonly json: Buffer;
}

/**
 * The JSON of GET /v1/headers pages of the active chain, serialized once and reused while valid
 * (a 2,000-header page is ~600 KB and ~10 ms of CPU to build). A page stays valid while its last
 * entry is still the active chain's entry at that height, since a block hash commits to every
 * ancestor, and, for a page the tip cut short, while that entry is still the tip. So a reorg
 * invalidates exactly the pages that reach above the fork, with no event to subscribe to.
 * Least recently used pages go first once `maxBytes` is reached.
 */
export class HeaderPageCache {
  private readonly pages: LRUCache<string, CachedPage>;

  constructor(
    private readonly chain: ActiveChain,
    maxBytes: number,
  ) {
    this.pages = new LRUCache({ maxSize: maxBytes, sizeCalculation: (page) => page.json.length + PAGE_OVERHEAD_BYTES });
  }

  /** headerPage(chain, start, count) as a JSON array of HeaderView. */
  json(start: ChainEntry, count: number): Buffer {
    // Off the active chain the page is that one header: cheap, and not worth a cache slot.
    if (!this.chain.isOnActiveChain(start)) return toJsonBuffer([toHeaderView(start)]);
    const key = `${start.height}:${count}`;
    const cached = this.pages.get(key);
    if (cached && this.isCurrent(cached, start, count)) return cached.json;
    const entries = headerPage(this.chain, start, count);
    const page: CachedPage = { last: entries[entries.length - 1], json: toJsonBuffer(entries.map(toHeaderView)) };
    this.pages.set(key, page);
    return page.json;
  }

  private isCurrent({ last }: CachedPage, start: ChainEntry, count: number): boolean {
    if (this.chain.getEntryByHeight(last.height) !== last) return false;
    const complete = last.height - start.height + 1 === count;
    return complete || this.chain.tip === last;
  }
}

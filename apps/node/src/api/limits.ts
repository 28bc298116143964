import { MAX_BLOCK_SERIALIZED_BYTES, MAX_HEADERS_PER_MSG } from '@mbc/wire';

/** Core's getheaders answers at most 2000 headers (MAX_HEADERS_RESULTS); the API keeps the same page. */
export const MAX_HEADERS_PER_REQUEST = MAX_HEADERS_PER_MSG;

/** Like bitcoind's generatetoaddress, bounded so one call cannot monopolise the node. */
export const MAX_GENERATE_BLOCKS = 1000;

/** fastify bodyLimit: a raw transaction in hex plus JSON framing fits well inside 1 MiB... */
export const HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

/** ...so a raw transaction may be as large as fits in the body limit, and never above a block. */
export const MAX_TX_HEX_CHARS = Math.min(2 * MAX_BLOCK_SERIALIZED_BYTES, HTTP_BODY_LIMIT_BYTES - 64);

/** A first, cheap bound on `data`; the exact limit is the chain's 80-byte OP_RETURN payload. */
export const MAX_DATA_CHARS = 1000;

/** Memory for serialized GET /v1/headers pages (a full 2,000-header page is ~600 KB: ~50 pages). */
export const HEADER_PAGE_CACHE_BYTES = 32 * 1024 * 1024;

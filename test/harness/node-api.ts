import type { NodeHandle } from './node-process';
import type { RestResponse } from './rest';

/** GET /v1/chain. */
export interface ChainSummary {
  readonly height: number;
  readonly bestHash: string;
  readonly headersHeight: number;
  readonly mempoolSize: number;
  readonly peers: { readonly inbound: number; readonly outbound: number };
}

/** The fields of a peer entry the tests rely on. */
export interface PeerSummary {
  readonly id: number | string;
  readonly address: string;
  readonly direction?: string;
  readonly inbound?: boolean;
}

export interface BanSummary {
  readonly address: string;
}

/** Thrown when the API answers a call the tests expected to succeed with a non-2xx status. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly call: string,
    readonly status: number,
    readonly responseText: string,
  ) {
    super(`${call} → HTTP ${status}: ${responseText.slice(0, 500)}`);
  }
}

function ok<T>(call: string, response: RestResponse<T>): T {
  if (response.status < 200 || response.status >= 300) throw new ApiCallError(call, response.status, response.text);
  return response.body;
}

/** Lists may come bare or wrapped (`{ peers: [...] }`); both are accepted. */
function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const wrapped = (body as Record<string, unknown> | null)?.[key];
  if (Array.isArray(wrapped)) return wrapped as T[];
  throw new Error(`expected a list (or { ${key}: [...] }), got ${JSON.stringify(body).slice(0, 300)}`);
}

export async function getChain(node: NodeHandle): Promise<ChainSummary> {
  return ok('GET /v1/chain', await node.rest<ChainSummary>('/v1/chain'));
}

/** Mines `count` blocks on the node; returns their hashes (display hex). */
export async function generate(node: NodeHandle, count: number): Promise<string[]> {
  const body = ok('POST /v1/mining/generate', await node.rest('/v1/mining/generate', { body: { count }, timeoutMs: 60_000 }));
  return listOf<string>(body, 'hashes');
}

export async function listPeers(node: NodeHandle): Promise<PeerSummary[]> {
  return listOf<PeerSummary>(ok('GET /v1/peers', await node.rest('/v1/peers')), 'peers');
}

export async function connectPeer(node: NodeHandle, address: string): Promise<PeerSummary> {
  return ok('POST /v1/peers', await node.rest<PeerSummary>('/v1/peers', { body: { address }, timeoutMs: 15_000 }));
}

/**
 * Dials `address` unless already connected to it (409 P2P.DUPLICATE counts as done: the node may
 * have redialled it on its own, as Core's ThreadOpenConnections does).
 */
export async function ensurePeer(node: NodeHandle, address: string): Promise<void> {
  const response = await node.rest<{ code?: string }>('/v1/peers', { body: { address }, timeoutMs: 15_000 });
  if (response.status === 409 && response.body?.code === 'P2P.DUPLICATE') return;
  ok('POST /v1/peers', response);
}

export async function disconnectPeer(node: NodeHandle, id: number | string): Promise<void> {
  ok(`DELETE /v1/peers/${id}`, await node.rest(`/v1/peers/${encodeURIComponent(String(id))}`, { method: 'DELETE' }));
}

export async function listBans(node: NodeHandle): Promise<BanSummary[]> {
  return listOf<BanSummary>(ok('GET /v1/bans', await node.rest('/v1/bans')), 'bans');
}

export async function addBan(node: NodeHandle, address: string, durationSeconds?: number): Promise<void> {
  ok('POST /v1/bans', await node.rest('/v1/bans', { body: { address, ...(durationSeconds ? { durationSeconds } : {}) } }));
}

export async function removeBan(node: NodeHandle, address: string): Promise<void> {
  ok(`DELETE /v1/bans/${address}`, await node.rest(`/v1/bans/${encodeURIComponent(address)}`, { method: 'DELETE' }));
}

/** Submits a data-carrying transaction; returns its txid. */
export async function sendData(node: NodeHandle, data: string): Promise<string> {
  const body = ok('POST /v1/transactions', await node.rest<{ txid: string }>('/v1/transactions', { body: { data } }));
  return body.txid;
}

/** Txids in the node's mempool. */
export async function mempoolTxids(node: NodeHandle): Promise<string[]> {
  const entries = listOf<string | { txid: string }>(ok('GET /v1/mempool', await node.rest('/v1/mempool')), 'txids');
  return entries.map((e) => (typeof e === 'string' ? e : e.txid));
}

/** A header as REST shows it (GET /v1/headers, and `header` of GET /v1/blocks/:ref). */
export interface HeaderSummary {
  readonly hash: string;
  readonly height: number;
  readonly previousHash: string;
}

export interface BlockSummary {
  readonly header: HeaderSummary;
  readonly txids: string[];
  /** 0 when the block is stored but not on the active chain. */
  readonly confirmations: number;
}

/** GET /v1/blocks/:hashOrHeight; undefined when the node does not have it (404). */
export async function getBlock(node: NodeHandle, hashOrHeight: string | number): Promise<BlockSummary | undefined> {
  const response = await node.rest<BlockSummary>(`/v1/blocks/${hashOrHeight}`);
  if (response.status === 404) return undefined;
  return ok(`GET /v1/blocks/${hashOrHeight}`, response);
}

/** GET /v1/headers?from=&count=: headers of the active chain from a height or hash. */
export async function getHeaders(node: NodeHandle, from: number | string, count = 2000): Promise<HeaderSummary[]> {
  return listOf<HeaderSummary>(ok('GET /v1/headers', await node.rest(`/v1/headers?from=${from}&count=${count}`)), 'headers');
}

/** Total connected peers as GET /v1/chain reports them. */
export async function peerCount(node: NodeHandle): Promise<number> {
  const { peers } = await getChain(node);
  return peers.inbound + peers.outbound;
}

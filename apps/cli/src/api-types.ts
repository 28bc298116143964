/**
 * mbc.v1 messages as @grpc/proto-loader hands them to the CLI (see PROTO_LOADER_OPTIONS in
 * client.ts): camelCase fields, int64 as decimal strings, unset optional fields absent.
 */
export interface Peer {
  id: number;
  address: string;
  direction: string;
  handshake: string;
  version: number;
  userAgent: string;
  services: string;
  startHeight: number;
  syncedHeaders: number;
  syncedBlocks: number;
  connectedAtMs: string;
  pingSeconds?: number;
  bytesSent: string;
  bytesReceived: string;
  misbehaviourScore: number;
}

export interface Ban {
  address: string;
  reason: string;
  createdAtMs: string;
  bannedUntilMs: string;
}

export interface TransactionInfo {
  txid: string;
  hex: string;
  size: number;
  inMempool: boolean;
  blockHash?: string;
  blockHeight?: number;
  confirmations: number;
}

export interface Mempool {
  txids: string[];
  size: number;
  bytes: string;
}

export interface Header {
  hash: string;
  height: number;
  version: number;
  previousHash: string;
  merkleRoot: string;
  time: number;
  bits: number;
  nonce: number;
  chainWork: string;
}

export interface Block {
  header: Header;
  txids: string[];
  size: number;
  confirmations: number;
  hex: string;
}

export interface ChainInfo {
  network: string;
  height: number;
  bestHash: string;
  headersHeight: number;
  chainWork: string;
  syncProgress: number;
  mempoolSize: number;
  mempoolBytes: string;
  peers: { inbound: number; outbound: number };
}

export interface NodeEvent {
  type: string;
  timeMs: string;
  json: string;
}

/** Every unary method of mbc.v1.NodeService with its request and response types. */
export interface NodeServiceMethods {
  AddPeer: [{ address: string }, Peer];
  ListPeers: [Record<string, never>, { peers: Peer[] }];
  GetPeer: [{ id: number }, Peer];
  DisconnectPeer: [{ id: number }, { id: number }];
  ListBans: [Record<string, never>, { bans: Ban[] }];
  AddBan: [{ address: string; durationSeconds?: number }, Ban];
  RemoveBan: [{ address: string }, { address: string }];
  SendTransaction: [{ data: string } | { hex: string }, { txid: string }];
  GetTransaction: [{ txid: string }, TransactionInfo];
  ListMempool: [Record<string, never>, Mempool];
  GetHeaders: [{ from: string; count?: number }, { headers: Header[] }];
  GetHeader: [{ hash: string }, Header];
  GetBlock: [{ hashOrHeight: string }, Block];
  GetChainInfo: [Record<string, never>, ChainInfo];
  Generate: [{ count: number }, { hashes: string[] }];
}

export type UnaryMethod = keyof NodeServiceMethods;
export type RequestOf<M extends UnaryMethod> = NodeServiceMethods[M][0];
export type ResponseOf<M extends UnaryMethod> = NodeServiceMethods[M][1];

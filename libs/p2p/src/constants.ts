/**
 * Protocol constants and Bitcoin Core's defaults (src/net.h, src/net_processing.cpp), with units
 * in their names. Timings a deployment may tune live in P2PConfig; these are the fixed ones.
 */

/**
 * We advertise 70015, not 70016: 70016 obliges us to honour BIP339 wtxidrelay (announce by wtxid
 * to peers that asked). At 70015 transactions are announced and fetched by txid (MSG_TX, with the
 * witness flag on getdata), which every real peer still accepts (Core talks to 70015 peers).
 */
export const PROTOCOL_VERSION = 70015;
/** net_processing.cpp MIN_PEER_PROTO_VERSION: first version with getheaders. */
export const MIN_PEER_PROTOCOL_VERSION = 31800;
/** BIP130 sendheaders needs 70012 (SENDHEADERS_VERSION). */
export const SENDHEADERS_VERSION = 70012;

/** protocol.h service bits. */
export const NODE_NETWORK = 1n;
export const NODE_WITNESS = 8n;
export const NODE_NETWORK_LIMITED = 1024n;
/**
 * We store and serve every block with its witness data (MSG_WITNESS_BLOCK/TX), so we offer both.
 * Core's automatic outbound connections require exactly these (HasAllDesirableServiceFlags), and
 * its block download skips peers without NODE_WITNESS (segwit is active from genesis on regtest).
 */
export const LOCAL_SERVICES = NODE_NETWORK | NODE_WITNESS;
/**
 * What an automatic outbound peer must offer (Core's GetDesirableServiceFlags outside pruned-peer
 * cases): a full node serving witness data. Manual (-connect, -addnode, API) and inbound peers are exempt.
 */
export const DESIRABLE_SERVICES = NODE_NETWORK | NODE_WITNESS;
/** net_processing.cpp NODE_NETWORK_LIMITED_MIN_BLOCKS: a limited peer serves this many recent blocks. */
export const NODE_NETWORK_LIMITED_MIN_BLOCKS = 288;

/** net_processing.cpp DISCOURAGEMENT_THRESHOLD: misbehaviour score that gets a peer banned. */
export const BAN_SCORE_THRESHOLD = 100;

/** Core's -maxsendbuffer default (1000 KB): past it we stop serving getdata until the socket drains. */
export const SEND_BUFFER_PAUSE_BYTES = 1_000_000;
/**
 * Cut-off for a peer's send queue: the pause mark plus one maximum-size message, since serving
 * stops at the mark and only unsolicited traffic (announcements, pings) can pile up beyond it.
 */
export const DEFAULT_MAX_SEND_BUFFER_BYTES = SEND_BUFFER_PAUSE_BYTES + 4_000_000;
/** Core's -maxreceivebuffer default (5000 KB): decoded but unprocessed messages; reading pauses past it. */
export const MAX_RECEIVE_BUFFER_BYTES = 5_000_000;

/** net_processing.cpp MAX_BLOCKS_IN_TRANSIT_PER_PEER. */
export const MAX_BLOCKS_IN_FLIGHT_PER_PEER = 32;
/** Overall cap on outstanding block requests (Core's download window is 1024 blocks ahead). */
export const MAX_BLOCKS_IN_FLIGHT_TOTAL = 128;
/**
 * Delivered blocks the chain has not processed yet (it connects a run of them with one write).
 * They count against MAX_BLOCKS_IN_FLIGHT_TOTAL; past this many, a peer's next message waits.
 */
export const MAX_BLOCKS_AWAITING_PROCESSING = 32;
/**
 * A downloading peer is given more blocks once this many of its slots are free, in one getdata:
 * a peer is kept 8–16 deep instead of being sent one getdata per delivered block.
 */
export const BLOCK_REQUEST_BATCH = 16;
/**
 * Core's IBD rule: only one peer is asked for headers until the best header is less than a day
 * old (SendMessages: "Only actively request headers from a single peer, unless we're close to today").
 */
export const HEADERS_SYNC_RECENT_SEC = 24 * 3600;
/** validation.cpp MIN_BLOCKS_TO_KEEP: an unrequested block further ahead of our tip is ignored (AcceptBlock's fTooFarAhead). */
export const MAX_UNREQUESTED_BLOCK_LEAD = 288;
/** Older Core's MAX_UNCONNECTING_HEADERS: every 10th unconnecting headers message in a row costs 20. */
export const MAX_UNCONNECTING_HEADERS = 10;
/** net_processing.cpp MAX_BLOCKS_TO_ANNOUNCE: a larger tip jump is announced by inv, not headers. */
export const MAX_BLOCKS_TO_ANNOUNCE = 8;
/** txdownloadman.h MAX_PEER_TX_ANNOUNCEMENTS: announcements tracked per peer; Core ignores the excess. */
export const MAX_PEER_TX_ANNOUNCEMENTS = 5_000;
/** Received transactions being accepted at once, all peers together (at most ~100 KB each). */
export const MAX_TX_ACCEPTS_IN_PROGRESS = 256;
/** net_processing.cpp MAX_GETDATA_SZ: entries per getdata we send. */
export const MAX_GETDATA_ENTRIES = 1_000;
/** Core's INVENTORY_MAX_RECENT_RELAY-sized filter of what a peer already knows. */
export const KNOWN_INVENTORY_CAPACITY = 50_000;
/** net_processing.cpp INVENTORY_BROADCAST_MAX: transactions announced per trickle (one inv). */
export const MAX_INV_PER_ANNOUNCEMENT = 1_000;
/** net_processing.cpp: getblocks answers with at most 500 block invs. */
export const MAX_BLOCKS_PER_GETBLOCKS = 500;
/** net_processing.cpp MAX_ADDR_TO_SEND and MAX_PCT_ADDR_TO_SEND. */
export const MAX_ADDR_TO_SEND = 1_000;
export const MAX_PCT_ADDR_TO_SEND = 23;
/** An addr this small is a fresh announcement worth relaying (Core: vAddr.size() <= 10). */
export const MAX_ADDR_TO_RELAY = 10;
/** net_processing.cpp MAX_ADDR_RATE_PER_SECOND: addresses processed per second per peer on average. */
export const MAX_ADDR_RATE_PER_SECOND = 0.1;
/** MAX_ADDR_PROCESSING_TOKEN_BUCKET: the bucket's cap (a getaddr we sent adds MAX_ADDR_TO_SEND above it). */
export const MAX_ADDR_PROCESSING_TOKEN_BUCKET = 1_000;
/** Core relays a fresh address to 2 peers (1 if unreachable). */
export const ADDR_RELAY_FANOUT = 2;
/** Address book capacity (Core's addrman holds ~65k; a small network needs far less). */
export const ADDRESS_BOOK_CAPACITY = 10_000;
/** Recently rejected/seen hashes, so a flood of one bad tx is not re-fetched. */
export const RECENT_REJECTS_CAPACITY = 50_000;

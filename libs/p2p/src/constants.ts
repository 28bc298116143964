/**
 * Protocol constants and Bitcoin Core's defaults (src/net.h, src/net_processing.cpp), with units
 * in their names. Timings a deployment may tune live in P2PConfig; these are the fixed ones.
 */

/**
 * We advertise 70015, not 70016: 70016 obliges us to honour BIP339 wtxidrelay (announce by wtxid
 * to peers that asked), which a node without witness support has no reason to take on. 70015 is
 * a version real peers fully accept (Core still talks to it).
 */
export const PROTOCOL_VERSION = 70015;
/** net_processing.cpp MIN_PEER_PROTO_VERSION: first version with getheaders. */
export const MIN_PEER_PROTOCOL_VERSION = 31800;
/** BIP130 sendheaders needs 70012 (SENDHEADERS_VERSION). */
export const SENDHEADERS_VERSION = 70012;

/** We store and serve full blocks; no witness, so no NODE_WITNESS. */
export const NODE_NETWORK = 1n;
export const LOCAL_SERVICES = NODE_NETWORK;

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
export const MAX_BLOCKS_IN_FLIGHT_PER_PEER = 16;
/** Overall cap on outstanding block requests (Core's download window is 1024 blocks ahead). */
export const MAX_BLOCKS_IN_FLIGHT_TOTAL = 128;
/** Older Core's MAX_UNCONNECTING_HEADERS: every 10th unconnecting headers message in a row costs 20. */
export const MAX_UNCONNECTING_HEADERS = 10;
/** net_processing.cpp MAX_BLOCKS_TO_ANNOUNCE: a larger tip jump is announced by inv, not headers. */
export const MAX_BLOCKS_TO_ANNOUNCE = 8;
/**
 * Transactions we have asked one peer for and not yet received. Core tracks at most 5,000
 * announcements per peer (MAX_PEER_TX_ANNOUNCEMENTS), but Core peers trickle ~7 tx/s; our nodes
 * relay bursts of thousands per second, and an announcement dropped here is lost for good on a
 * line of nodes. So: one full inv's worth per peer, and a global cap for memory.
 */
export const MAX_TX_REQUESTS_PER_PEER = 50_000;
export const MAX_TX_REQUESTS_TOTAL = 100_000;
/** Core's INVENTORY_MAX_RECENT_RELAY-sized filter of what a peer already knows. */
export const KNOWN_INVENTORY_CAPACITY = 50_000;
/** Entries in one inv we send (Core caps trickled tx invs; 1,000 keeps each message small). */
export const MAX_INV_PER_ANNOUNCEMENT = 1_000;
/** net_processing.cpp: getblocks answers with at most 500 block invs. */
export const MAX_BLOCKS_PER_GETBLOCKS = 500;
/** net_processing.cpp MAX_ADDR_TO_SEND and MAX_PCT_ADDR_TO_SEND. */
export const MAX_ADDR_TO_SEND = 1_000;
export const MAX_PCT_ADDR_TO_SEND = 23;
/** An addr this small is a fresh announcement worth relaying (Core: vAddr.size() <= 10). */
export const MAX_ADDR_TO_RELAY = 10;
/** Core relays a fresh address to 2 peers (1 if unreachable). */
export const ADDR_RELAY_FANOUT = 2;
/** Address book capacity (Core's addrman holds ~65k; a small network needs far less). */
export const ADDRESS_BOOK_CAPACITY = 10_000;
/** Recently rejected/seen hashes, so a flood of one bad tx is not re-fetched. */
export const RECENT_REJECTS_CAPACITY = 50_000;

/** Protocol limits, as named in Bitcoin Core (src/serialize.h, src/net.h, src/net_processing.cpp). */

/** serialize.h MAX_SIZE: no CompactSize length above this is accepted. */
export const MAX_SIZE = 0x02000000;
/** net.h MAX_PROTOCOL_MESSAGE_LENGTH: a frame declaring more is refused from its header alone. */
export const MAX_PROTOCOL_MESSAGE_LENGTH = 4_000_000;
/** net.h MAX_INV_SZ: entries in inv, getdata and notfound. */
export const MAX_INV_ENTRIES = 50_000;
/** net_processing.cpp MAX_ADDR_TO_SEND: entries in one addr message. */
export const MAX_ADDR_ENTRIES = 1_000;
/** net_processing.cpp MAX_HEADERS_RESULTS: headers in one headers message. */
export const MAX_HEADERS_PER_MSG = 2_000;
/** net_processing.cpp MAX_LOCATOR_SZ: hashes in a getheaders/getblocks locator. */
export const MAX_LOCATOR_HASHES = 101;
/** net.h MAX_SUBVERSION_LENGTH: the version message's user agent. */
export const MAX_USER_AGENT_BYTES = 256;
/** consensus.h MAX_BLOCK_SERIALIZED_SIZE. */
export const MAX_BLOCK_SERIALIZED_BYTES = 4_000_000;
/** Reject message strings are bounded like Core's MAX_REJECT_MESSAGE_LENGTH. */
export const MAX_REJECT_MESSAGE_BYTES = 111;
/** protocol.h CMessageHeader::COMMAND_SIZE: the NUL-padded command field of a frame header. */
export const COMMAND_BYTES = 12;

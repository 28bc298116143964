import { emptyMessageCodec } from './empty-message';

/** verack: acknowledges the peer's version; the handshake completes once both sides sent one. */
export const verackCodec = emptyMessageCodec('verack');

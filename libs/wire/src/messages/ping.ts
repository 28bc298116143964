import { nonceMessageCodec } from './nonce-message';

/** ping: keep-alive and latency probe. Pre-BIP31 pings without a nonce (version < 60000) are not supported. */
export const pingCodec = nonceMessageCodec('ping');

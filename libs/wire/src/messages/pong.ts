import { nonceMessageCodec } from './nonce-message';

/** pong: answers a ping with the same nonce (BIP31). */
export const pongCodec = nonceMessageCodec('pong');

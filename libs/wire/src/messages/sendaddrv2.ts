import { emptyMessageCodec } from './empty-message';

/** sendaddrv2 (BIP155): sent between version and verack; the sender understands addrv2. */
export const sendaddrv2Codec = emptyMessageCodec('sendaddrv2');

import { emptyMessageCodec } from './empty-message';

/** sendheaders (BIP130): announce new blocks with headers instead of inv. */
export const sendheadersCodec = emptyMessageCodec('sendheaders');

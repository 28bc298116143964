import { emptyMessageCodec } from './empty-message';

/** mempool (BIP35): asks for an inv of the peer's mempool transactions. */
export const mempoolCodec = emptyMessageCodec('mempool');

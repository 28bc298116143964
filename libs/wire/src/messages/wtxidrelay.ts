import { emptyMessageCodec } from './empty-message';

/** wtxidrelay (BIP339): sent between version and verack; announce transactions by wtxid. */
export const wtxidrelayCodec = emptyMessageCodec('wtxidrelay');

import { locatorMessageCodec } from './locator-message';

/** getheaders: asks for up to 2,000 headers after the first locator hash on the peer's best chain. */
export const getheadersCodec = locatorMessageCodec('getheaders');

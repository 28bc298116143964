import { locatorMessageCodec } from './locator-message';

/** getblocks: asks for an inv of up to 500 blocks after the first locator hash found. */
export const getblocksCodec = locatorMessageCodec('getblocks');

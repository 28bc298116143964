import { emptyMessageCodec } from './empty-message';

/** getaddr: asks for addresses; Core answers once per connection with up to 1,000. */
export const getaddrCodec = emptyMessageCodec('getaddr');

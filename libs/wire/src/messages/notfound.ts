import { inventoryMessageCodec } from './inventory-message';

/** notfound: the requested objects the sender does not have. */
export const notfoundCodec = inventoryMessageCodec('notfound');

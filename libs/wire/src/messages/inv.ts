import { inventoryMessageCodec } from './inventory-message';

/** inv: announces transactions and blocks the sender has. */
export const invCodec = inventoryMessageCodec('inv');

import { inventoryMessageCodec } from './inventory-message';

/** getdata: requests the announced objects (answered with tx/block, or notfound). */
export const getdataCodec = inventoryMessageCodec('getdata');

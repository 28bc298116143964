import { createDataTransaction } from '@mbc/chain';
import { InvType, txid, type Transaction } from '@mbc/wire';

import { RawPeer, startNode, stopAll, waitFor, type TestNode } from './p2p-support';

afterEach(stopAll);

function getdataCount(raw: RawPeer): number {
  return raw.received.filter((m) => m.command === 'getdata').length;
}

/** Two raw peers announce `tx`; the first is asked for it, the second (announcing later) is not. */
async function announcedByTwo(node: TestNode, tx: Transaction): Promise<[RawPeer, RawPeer]> {
  const first = await RawPeer.open(node.address);
  const second = await RawPeer.open(node.address);
  await first.handshake();
  await second.handshake();
  const inv = { command: 'inv' as const, inventory: [{ type: InvType.Tx, hash: txid(tx) }] };
  first.send(inv);
  expect((await first.next('getdata')).inventory[0].hash.equals(txid(tx))).toBe(true);
  second.send(inv);
  second.send({ command: 'ping', nonce: 5n });
  await second.next('pong');
  expect(getdataCount(second)).toBe(0);
  return [first, second];
}

describe('transaction requests (a simpler TxRequestTracker)', () => {
  it('re-requests a transaction from another announcer when the first one disconnects', async () => {
    const a = await startNode();
    const tx = createDataTransaction(Buffer.from('asked twice'));
    const [first, second] = await announcedByTwo(a, tx);
    first.close();
    const getdata = await second.next('getdata');
    expect(getdata.inventory.map((i) => i.hash.toHex())).toEqual([txid(tx).toHex()]);
    second.send({ command: 'tx', tx });
    await waitFor('tx accepted', () => a.mempool.has(txid(tx)));
  });

  it('re-requests it when the first announcer does not answer in time, keeping that peer', async () => {
    const a = await startNode({ config: { txRequestTimeoutMs: 300 } });
    const tx = createDataTransaction(Buffer.from('slow peer'));
    const [first, second] = await announcedByTwo(a, tx);
    await second.next('getdata');
    expect(first.closed).toBe(false);
    // The silent peer is not asked again (Core: the request to it is COMPLETED).
    expect(getdataCount(first)).toBe(0);
  });

  it('re-requests it when the first announcer answers notfound', async () => {
    const a = await startNode();
    const tx = createDataTransaction(Buffer.from('not found here'));
    const [first, second] = await announcedByTwo(a, tx);
    first.send({ command: 'notfound', inventory: [{ type: InvType.Tx, hash: txid(tx) }] });
    await second.next('getdata');
  });
});

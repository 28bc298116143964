import { txid } from '@mbc/wire';

import { extend, openFixtureChain } from '../testing/chain-fixture';
import { CountingStore } from '../testing/counting-store';
import { createDataTransaction } from '../tx/data-transaction';
import { Mempool } from './mempool';
import { MempoolRejectReason } from './reject';

describe('Mempool confirmation lookups', () => {
  it('answers a burst of acceptances with one read of the txid index, in the order asked', async () => {
    const store = new CountingStore();
    const chain = await openFixtureChain(store);
    const mempool = new Mempool({ chain });
    try {
      const txs = Array.from({ length: 50 }, (_, i) => createDataTransaction(Buffer.from(`burst ${i}`)));
      const accepted: string[] = [];
      mempool.events.on('txAccepted', ({ txid: id }) => accepted.push(id.toHex()));
      store.reset();

      const results = await Promise.all(txs.map((tx) => mempool.accept(tx)));

      expect(results.every((r) => r.ok)).toBe(true);
      expect(store.txidReads).toEqual([50]);
      expect(accepted).toEqual(txs.map((tx) => txid(tx).toHex()));
    } finally {
      mempool.close();
      await chain.close();
    }
  });

  it('still refuses a transaction confirmed on the chain', async () => {
    const chain = await openFixtureChain();
    const mempool = new Mempool({ chain });
    try {
      const tx = createDataTransaction(Buffer.from('confirmed'));
      await extend(chain, chain.tip, 1, () => [tx]);
      const [confirmed, fresh] = await Promise.all([mempool.accept(tx), mempool.accept(createDataTransaction(Buffer.from('new')))]);
      expect(confirmed).toMatchObject({ ok: false, reason: MempoolRejectReason.AlreadyConfirmed });
      expect(fresh.ok).toBe(true);
    } finally {
      mempool.close();
      await chain.close();
    }
  });
});

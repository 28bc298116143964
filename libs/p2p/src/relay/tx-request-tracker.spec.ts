import { Hash256 } from '@mbc/wire';

import { MAX_PEER_TX_ANNOUNCEMENTS } from '../constants';
import type { Peer } from '../peer/peer';
import { TxRequestTracker } from './tx-request-tracker';

/** The tracker only reads `isClosed` of a peer. */
function peer(): Peer & { isClosed: boolean } {
  return { isClosed: false } as Peer & { isClosed: boolean };
}

const tx = (n: number) => {
  const hash = Hash256.of(Buffer.from(`tx ${n}`));
  return { hash, key: hash.toKey() };
};

describe('TxRequestTracker', () => {
  it('asks the first announcer only, then the next ones in announcement order as each fails', () => {
    const tracker = new TxRequestTracker(1_000);
    const [a, b, c] = [peer(), peer(), peer()];
    const { hash, key } = tx(1);
    expect(tracker.announced(a, key, hash, 0)).toBe(true);
    expect(tracker.announced(b, key, hash, 1)).toBe(false);
    expect(tracker.announced(c, key, hash, 2)).toBe(false);
    expect(tracker.notFound(a, [key], 10)).toEqual([{ peer: b, hashes: [hash] }]);
    expect(tracker.peerGone(b, 20)).toEqual([{ peer: c, hashes: [hash] }]);
    expect(tracker.expire(1_019)).toEqual([]);
    // c times out: nobody is left to ask, so the txid is forgotten.
    expect(tracker.expire(1_020)).toEqual([]);
    expect(tracker.size).toBe(0);
  });

  it('forgets every announcement of a received transaction, freeing each peer’s quota', () => {
    const tracker = new TxRequestTracker(1_000);
    const [a, b] = [peer(), peer()];
    const { hash, key } = tx(2);
    tracker.announced(a, key, hash, 0);
    tracker.announced(b, key, hash, 0);
    tracker.received(key);
    expect([tracker.size, tracker.countFor(a), tracker.countFor(b)]).toEqual([0, 0, 0]);
    expect(tracker.peerGone(a, 1)).toEqual([]);
  });

  it(`ignores announcements past ${MAX_PEER_TX_ANNOUNCEMENTS} outstanding for one peer`, () => {
    const tracker = new TxRequestTracker(1_000);
    const a = peer();
    for (let n = 0; n < MAX_PEER_TX_ANNOUNCEMENTS; n++) {
      const t = tx(n);
      expect(tracker.announced(a, t.key, t.hash, 0)).toBe(true);
    }
    const extra = tx(MAX_PEER_TX_ANNOUNCEMENTS);
    expect(tracker.announced(a, extra.key, extra.hash, 0)).toBe(false);
    expect(tracker.isTracked(extra.key)).toBe(false);
    expect(tracker.countFor(a)).toBe(MAX_PEER_TX_ANNOUNCEMENTS);
  });

  it('re-assigns expired requests in batches per peer, skipping closed announcers', () => {
    const tracker = new TxRequestTracker(100);
    const [a, closed, b] = [peer(), peer(), peer()];
    const txs = [tx(10), tx(11)];
    for (const t of txs) {
      tracker.announced(a, t.key, t.hash, 0);
      tracker.announced(closed, t.key, t.hash, 0);
      tracker.announced(b, t.key, t.hash, 0);
    }
    closed.isClosed = true;
    expect(tracker.expire(100)).toEqual([{ peer: b, hashes: txs.map((t) => t.hash) }]);
    expect(tracker.countFor(a)).toBe(0);
  });
});

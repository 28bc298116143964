import { blocksOnGenesis, openFixtureChain } from '../testing/chain-fixture';
import { CountingStore } from '../testing/counting-store';

/** Polls until `check` holds or ~2 s pass (the flush waits a quarter second of quiet). */
async function eventually(check: () => boolean): Promise<boolean> {
  for (let k = 0; k < 200 && !check(); k++) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
}

describe('header records (written like Core flushes its block index)', () => {
  it('are not written per headers message while they stream, but once the stream pauses', async () => {
    const headers = (await blocksOnGenesis(6)).map((b) => b.header);
    const store = new CountingStore();
    const chain = await openFixtureChain(store);
    try {
      for (const header of headers) chain.addHeaders([header]);
      expect(store.headerWrites).toEqual([]);
      expect(await eventually(() => store.headerWrites.length > 0)).toBe(true);
      expect(store.headerWrites.reduce((a, b) => a + b, 0)).toBe(6);
    } finally {
      await chain.close();
    }
  });

  it('are written by close(), so a reopened store knows the headers', async () => {
    const headers = (await blocksOnGenesis(3)).map((b) => b.header);
    const store = new CountingStore();
    const chain = await openFixtureChain(store);
    chain.addHeaders(headers);
    await chain.close();
    expect(store.headerWrites).toEqual([3]);
    const reopened = await openFixtureChain(store);
    try {
      expect(reopened.bestHeader.height).toBe(3);
    } finally {
      await reopened.close();
    }
  });
});

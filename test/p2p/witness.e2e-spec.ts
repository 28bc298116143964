import { createDataTransaction, type Chain } from '@mbc/chain';
import { LOCAL_SERVICES, NODE_WITNESS } from '@mbc/p2p';
import { blockHash, encodeBlock, encodeTransaction, hasWitness, InvType, stripBlockWitness, txid, type Block, type Transaction } from '@mbc/wire';

import { RawPeer, startNode, stopAll, versionMessage, waitFor } from './p2p-support';

afterEach(stopAll);

/** A data transaction that also carries a witness stack (as a segwit spend would). */
function segwitTransaction(): Transaction {
  const tx = createDataTransaction(Buffer.from('segwit payload'));
  return { ...tx, inputs: [{ ...tx.inputs[0], witness: [Buffer.alloc(71, 0x30), Buffer.alloc(33, 0x02)] }] };
}

/** Mines a block holding a segwit transaction on a separate node; our node under test never sees that node. */
async function segwitBlock(): Promise<{ block: Block; tx: Transaction }> {
  const source = await startNode();
  const tx = segwitTransaction();
  expect((await source.mempool.accept(tx)).ok).toBe(true);
  const [entry] = await source.miner.generate(1);
  const block = (await source.chain.getBlock(entry.hash))!;
  expect(block.transactions.some((t) => txid(t).equals(txid(tx)) && hasWitness(t))).toBe(true);
  return { block, tx };
}

async function storedBlock(chain: Chain, block: Block): Promise<Block> {
  const hash = blockHash(block.header);
  await waitFor('block stored', () => chain.getEntry(hash)?.hasBlock);
  return (await chain.getBlock(hash))!;
}

describe('witness data (NODE_WITNESS)', () => {
  it('advertises NODE_NETWORK | NODE_WITNESS in its version message', async () => {
    const a = await startNode();
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    const version = await raw.next('version');
    expect(version.services).toBe(9n);
    expect(LOCAL_SERVICES & NODE_WITNESS).toBe(NODE_WITNESS);
  });

  it('serves MSG_WITNESS_BLOCK and MSG_BLOCK for its own blocks (the same bytes without witness data)', async () => {
    const a = await startNode();
    const [entry] = await a.miner.generate(1);
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    raw.send({ command: 'getdata', inventory: [{ type: InvType.WitnessBlock, hash: entry.hash }] });
    const witnessAnswer = (await raw.next('block')).block;
    raw.send({ command: 'getdata', inventory: [{ type: InvType.Block, hash: entry.hash }] });
    const legacyAnswer = (await raw.next('block')).block;
    expect(blockHash(witnessAnswer.header).equals(entry.hash)).toBe(true);
    expect(encodeBlock(legacyAnswer)).toEqual(encodeBlock(witnessAnswer));
  });

  it('downloads a segwit block with MSG_WITNESS_BLOCK, stores its witness, and serves it full or stripped as asked', async () => {
    const { block, tx } = await segwitBlock();
    const a = await startNode();
    // A raw peer with the block: a is at genesis, so this peer is its headers sync peer.
    const server = await RawPeer.open(a.address);
    await server.handshake(1);
    await server.next('getheaders');
    server.send({ command: 'headers', headers: [block.header] });
    const getdata = await server.next('getdata');
    expect(getdata.inventory.map((i) => [i.type, i.hash.toHex()])).toEqual([[InvType.WitnessBlock, blockHash(block.header).toHex()]]);
    server.send({ command: 'block', block });

    const stored = await storedBlock(a.chain, block);
    expect(encodeBlock(stored)).toEqual(encodeBlock(block));
    expect(a.chain.tip.hash.equals(blockHash(block.header))).toBe(true);

    const client = await RawPeer.open(a.address);
    await client.handshake();
    client.send({ command: 'getdata', inventory: [{ type: InvType.WitnessBlock, hash: blockHash(block.header) }] });
    const full = (await client.next('block')).block;
    client.send({ command: 'getdata', inventory: [{ type: InvType.Block, hash: blockHash(block.header) }] });
    const legacy = (await client.next('block')).block;
    expect(encodeBlock(full)).toEqual(encodeBlock(block));
    expect(encodeBlock(legacy)).toEqual(encodeBlock(stripBlockWitness(block)));
    expect(encodeBlock(legacy).length).toBeLessThan(encodeBlock(full).length);
    expect(legacy.transactions.some(hasWitness)).toBe(false);
    expect(legacy.transactions.map((t) => txid(t).toHex())).toContain(txid(tx).toHex());
  });

  it('fetches transactions with MSG_WITNESS_TX and serves MSG_TX stripped, MSG_WITNESS_TX full', async () => {
    const a = await startNode();
    const tx = segwitTransaction();
    const raw = await RawPeer.open(a.address);
    await raw.handshake();
    raw.send({ command: 'inv', inventory: [{ type: InvType.Tx, hash: txid(tx) }] });
    expect((await raw.next('getdata')).inventory.map((i) => i.type)).toEqual([InvType.WitnessTxLegacy]);
    raw.send({ command: 'tx', tx });
    await waitFor('tx accepted', () => a.mempool.has(txid(tx)));

    raw.send({ command: 'getdata', inventory: [{ type: InvType.WitnessTxLegacy, hash: txid(tx) }] });
    expect(encodeTransaction((await raw.next('tx')).tx)).toEqual(encodeTransaction(tx));
    raw.send({ command: 'getdata', inventory: [{ type: InvType.Tx, hash: txid(tx) }] });
    expect(encodeTransaction((await raw.next('tx')).tx)).toEqual(encodeTransaction(tx, false));
  });

  it('never downloads blocks from a peer without NODE_WITNESS (Core: CanServeWitnesses)', async () => {
    const source = await startNode();
    await source.miner.generate(3);
    const a = await startNode({ config: { blockStallTimeoutMs: 200 } });
    const legacyPeer = await RawPeer.open(a.address);
    legacyPeer.send(versionMessage(3, 43n, 1n));
    await waitFor('verack', () => legacyPeer.received.some((m) => m.command === 'verack'));
    legacyPeer.send({ command: 'verack' });
    await legacyPeer.next('getheaders');
    legacyPeer.send({ command: 'headers', headers: source.chain.headersAfter([source.chain.genesis.hash], source.chain.tip.hash).map((e) => e.header) });
    await waitFor('headers known', () => a.chain.bestHeader.height === 3);
    // A witness-capable peer with the same chain gets the block requests instead.
    await a.node.connect(source.address);
    await waitFor('synced from the witness peer', () => a.chain.tip.height === 3);
    expect(legacyPeer.received.some((m) => m.command === 'getdata')).toBe(false);
  });
});

describe('services expected of outbound peers (Core: HasAllDesirableServiceFlags)', () => {
  it('drops an automatic outbound peer without NODE_WITNESS at its version, but keeps a manual one', async () => {
    const listener = await RawPeer.listen();
    try {
      const a = await startNode({ config: { maxOutbound: 1 } });
      const outcomes: string[] = [];
      a.node.events.on('handshake', (e) => outcomes.push(e.outcome));
      a.node.addressBook.add({ host: '127.0.0.1', port: listener.port }, 'addr');
      const automatic = await listener.next();
      await automatic.next('version');
      automatic.send(versionMessage(0, 50n, 1n));
      await automatic.whenClosed();
      expect(automatic.received.some((m) => m.command === 'verack')).toBe(false);
      expect(outcomes).toContain('rejected');

      const manual = startNode({ config: { maxOutbound: 0 } }).then((b) => b.node.connect(`127.0.0.1:${listener.port}`));
      const served = await listener.next();
      await served.next('version');
      served.send(versionMessage(0, 51n, 1n));
      await served.next('verack');
      served.send({ command: 'verack' });
      expect((await manual).services).toBe('1');
    } finally {
      listener.close();
    }
  });
});

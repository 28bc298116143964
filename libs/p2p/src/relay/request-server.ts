import type { Chain, Mempool } from '@mbc/chain';
import { InvType, MAX_HEADERS_PER_MSG, stripBlockWitness, stripWitness, type InvVector, type MessageOf } from '@mbc/wire';

import { MAX_BLOCKS_PER_GETBLOCKS, MAX_INV_PER_ANNOUNCEMENT, SEND_BUFFER_PAUSE_BYTES } from '../constants';
import type { Peer } from '../peer/peer';
import { BlockReadAhead } from './block-read-ahead';

/**
 * Answers what peers ask of us: getdata (blocks from the chain, transactions from the mempool;
 * notfound for the rest), getheaders,
 * getblocks (with Core's hashContinue so getblocks-style syncers — bcoin, btcd — keep going) and
 * mempool. Nothing is ever pushed unasked.
 */
export class RequestServer {
  constructor(
    private readonly chain: Chain,
    private readonly mempool: Mempool,
  ) {}

  async onGetData(peer: Peer, inventory: readonly InvVector[]): Promise<void> {
    const notFound: InvVector[] = [];
    const blocks = new BlockReadAhead(this.chain, inventory);
    for (const [index, item] of inventory.entries()) {
      if (peer.isClosed) return;
      // Core stops serving while the peer's send buffer is full (fPauseSend) and resumes later;
      // a peer that never reads is then cut off by its inactivity/send-buffer limits, not by us.
      if (peer.sendBacklogBytes > SEND_BUFFER_PAUSE_BYTES) await peer.whenDrained();
      // Core's ProcessGetBlockData/ProcessGetData: the witness flag (or MSG_WTX) asks for the full
      // BIP144 serialization; plain MSG_BLOCK/MSG_TX get the legacy one, witness stripped.
      const withWitness = (item.type & InvType.WitnessFlag) !== 0 || item.type === InvType.WitnessTx;
      switch (item.type & ~InvType.WitnessFlag) {
        case InvType.Block: {
          const block = await blocks.take(index);
          if (!block) {
            notFound.push(item);
            break;
          }
          peer.send({ command: 'block', block: withWitness ? block : stripBlockWitness(block) });
          if (peer.hashContinue?.equals(item.hash)) {
            // Core: the peer fetched the last block of our 500-block getblocks answer; tell it
            // our tip so it sends the next getblocks.
            peer.send({ command: 'inv', inventory: [{ type: InvType.Block, hash: this.chain.tip.hash }] });
            peer.hashContinue = undefined;
          }
          break;
        }
        case InvType.Tx:
        case InvType.WitnessTx: {
          // MSG_WTX names a wtxid; the mempool is keyed by txid, which is the same for a tx without witness.
          const tx = this.mempool.get(item.hash);
          if (tx) peer.send({ command: 'tx', tx: withWitness ? tx : stripWitness(tx) });
          else notFound.push(item);
          break;
        }
        default:
          notFound.push(item);
      }
    }
    if (notFound.length > 0) peer.send({ command: 'notfound', inventory: notFound });
  }

  onGetHeaders(peer: Peer, message: MessageOf<'getheaders'>): void {
    const entries = this.chain.headersAfter(message.locator, message.hashStop, MAX_HEADERS_PER_MSG);
    peer.send({ command: 'headers', headers: entries.map((e) => e.header) });
    // Core's pindexBestHeaderSent: later announcements only need the headers after this one.
    const last = entries.at(-1);
    if (last) peer.knownInventory.add(last.hash.toKey());
  }

  onGetBlocks(peer: Peer, message: MessageOf<'getblocks'>): void {
    const entries = this.chain.blocksAfter(message.locator, message.hashStop, MAX_BLOCKS_PER_GETBLOCKS);
    if (entries.length === 0) return;
    peer.send({ command: 'inv', inventory: entries.map((e) => ({ type: InvType.Block, hash: e.hash })) });
    for (const e of entries) peer.knownInventory.add(e.hash.toKey());
    if (entries.length === MAX_BLOCKS_PER_GETBLOCKS) peer.hashContinue = entries[entries.length - 1].hash;
  }

  /** BIP35: an inv of everything in our mempool (Core answers only some peers; we answer all). */
  onMempool(peer: Peer): void {
    const inventory = this.mempool.entries().map((e) => ({ type: InvType.Tx, hash: e.txid }));
    for (let k = 0; k < inventory.length; k += MAX_INV_PER_ANNOUNCEMENT) {
      const chunk = inventory.slice(k, k + MAX_INV_PER_ANNOUNCEMENT);
      peer.send({ command: 'inv', inventory: chunk });
      for (const item of chunk) peer.knownInventory.add(item.hash.toKey());
    }
  }
}

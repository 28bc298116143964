import { ChainInfoView, ChainState, toChainInfoView } from '../api/views/chain.view';
import type { NodeRuntime } from '../node/node-runtime';

function readChainState({ chain, mempool, p2p }: NodeRuntime): ChainState {
  const peers = p2p.peerCounts();
  return {
    tip: chain.tip,
    bestHeader: chain.bestHeader,
    syncProgress: p2p.syncState().progress,
    mempoolSize: mempool.size,
    mempoolBytes: mempool.bytes,
    inboundPeers: peers.inbound,
    outboundPeers: peers.outbound,
  };
}

/** Entries compare by identity: the chain keeps one entry object per block. */
function sameState(a: ChainState, b: ChainState): boolean {
  return (
    a.tip === b.tip &&
    a.bestHeader === b.bestHeader &&
    a.syncProgress === b.syncProgress &&
    a.mempoolSize === b.mempoolSize &&
    a.mempoolBytes === b.mempoolBytes &&
    a.inboundPeers === b.inboundPeers &&
    a.outboundPeers === b.outboundPeers
  );
}

interface Summary {
  readonly state: ChainState;
  readonly view: ChainInfoView;
  json?: string;
}

/**
 * The chain summary (GET /v1/chain, gRPC GetChainInfo), built and serialized again only when the
 * state it reports changed: between blocks and transactions every request gets the same one. The
 * state is read afresh on every call, so no event can be missed and nothing goes stale.
 */
export class ChainInfoCache {
  private last: Summary | undefined;

  constructor(private readonly node: NodeRuntime) {}

  view(): ChainInfoView {
    return this.current().view;
  }

  /**
   * A string rather than a Buffer: node:http sends a short string body in one write with the
   * headers, and Nest inspects a Buffer body (is it a plain object?) more slowly than a string.
   */
  json(): string {
    const summary = this.current();
    summary.json ??= JSON.stringify(summary.view);
    return summary.json;
  }

  private current(): Summary {
    const state = readChainState(this.node);
    if (!this.last || !sameState(this.last.state, state)) {
      // Frozen: every caller until the next change shares this object.
      const view = toChainInfoView(this.node.params.name, state);
      this.last = { state, view: Object.freeze({ ...view, peers: Object.freeze(view.peers) }) };
    }
    return this.last;
  }
}

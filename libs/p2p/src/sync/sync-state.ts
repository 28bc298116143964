/** Where initial/ongoing sync stands (the `syncState()` of P2PNode, `syncProgress` events). */
export interface SyncState {
  /** Height of our best valid header. */
  readonly headersHeight: number;
  /** Height of our active chain tip (blocks validated and connected). */
  readonly blocksHeight: number;
  /** blocksHeight over the best height we know of (ours or a peer's), 0..1. */
  readonly progress: number;
  /** Every known header has its block connected and no peer claims a longer chain. */
  readonly synced: boolean;
  /** A connected peer claims more blocks than our best header. */
  readonly peerAhead: boolean;
}

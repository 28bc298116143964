import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Observable, Subject, filter } from 'rxjs';

import { toHeaderView } from '../api/views/chain.view';
import { toPeerView } from '../api/views/peer.view';
import type { NodeRuntime } from '../node/node-runtime';
import { NODE_RUNTIME } from '../node/tokens';

export const NODE_EVENT_TYPES = ['blockConnected', 'txAccepted', 'peerConnected', 'peerDisconnected'] as const;
export type NodeEventType = (typeof NODE_EVENT_TYPES)[number];

/** One event as REST (SSE) and gRPC (SubscribeEvents) deliver it. */
export interface NodeEvent {
  readonly type: NodeEventType;
  readonly timeMs: number;
  readonly data: object;
}

/**
 * Fans the libraries' typed events out to API subscribers. Completing the subject on shutdown
 * ends every SSE response and gRPC stream, so closing the servers never waits on them.
 */
@Injectable()
export class EventsService implements BeforeApplicationShutdown {
  private readonly events = new Subject<NodeEvent>();
  private readonly unsubscribers: (() => void)[];

  constructor(@Inject(NODE_RUNTIME) node: NodeRuntime) {
    this.unsubscribers = [
      node.chain.events.on('blockConnected', ({ entry }) => this.publish('blockConnected', () => toHeaderView(entry))),
      node.mempool.events.on('txAccepted', ({ txid }) => this.publish('txAccepted', () => ({ txid: txid.toHex() }))),
      node.p2p.events.on('peerConnected', (peer) => this.publish('peerConnected', () => toPeerView(peer))),
      node.p2p.events.on('peerDisconnected', (peer) => this.publish('peerDisconnected', () => peer)),
    ];
  }

  /** Every future event, or only the named types. */
  stream(types: readonly NodeEventType[] = []): Observable<NodeEvent> {
    const wanted = new Set<string>(types);
    return this.events.pipe(filter((event) => wanted.size === 0 || wanted.has(event.type)));
  }

  close(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.events.complete();
  }

  /** Before the servers close, so open streams end instead of holding the close up. */
  beforeApplicationShutdown(): void {
    this.close();
  }

  /** The view is only built for a subscriber: during initial sync blocks connect by the thousand. */
  private publish(type: NodeEventType, view: () => object): void {
    if (this.events.observed) this.events.next({ type, timeMs: Date.now(), data: view() });
  }
}

import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthImplementation } from 'grpc-health-check';

import { NODE_SERVICE_NAME } from '../grpc/grpc-options';
import type { NodeRuntime } from '../node/node-runtime';
import { NODE_RUNTIME } from '../node/tokens';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: { readonly p2pListening: boolean; readonly storeOpen: boolean; readonly synced: boolean };
}

/** Safety net: gRPC health is also refreshed on sync and peer events, and after startup. */
const GRPC_HEALTH_REFRESH_MS = 1000;

/**
 * Ready = P2P listening, store open, and initial sync done (or no peer is ahead of us), the same
 * answer for /health/ready and grpc.health.v1 ("" and mbc.v1.NodeService).
 */
@Injectable()
export class ReadinessService implements OnApplicationShutdown {
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribers: (() => void)[];
  private refreshScheduled = false;
  private closed = false;

  constructor(
    @Inject(NODE_RUNTIME) private readonly node: NodeRuntime,
    private readonly grpcHealth: HealthImplementation,
  ) {
    const refresh = () => this.scheduleRefresh();
    this.unsubscribers = [
      node.p2p.events.on('syncProgress', refresh),
      node.p2p.events.on('peerConnected', refresh),
      node.p2p.events.on('peerDisconnected', refresh),
      node.chain.events.on('tipChanged', refresh),
    ];
    this.refreshGrpcHealth();
    this.timer = setInterval(refresh, GRPC_HEALTH_REFRESH_MS).unref();
  }

  readiness(): Readiness {
    const sync = this.node.p2p.syncState();
    const checks = { p2pListening: this.node.p2p.listenAddress !== undefined, storeOpen: this.node.isOpen, synced: sync.synced || !sync.peerAhead };
    return { ready: checks.p2pListening && checks.storeOpen && checks.synced, checks };
  }

  refreshGrpcHealth(): void {
    const status = this.readiness().ready ? 'SERVING' : 'NOT_SERVING';
    for (const service of ['', NODE_SERVICE_NAME]) this.grpcHealth.setStatus(service, status);
  }

  /** Coalesced to one refresh per event-loop turn: sync progress fires for every block during initial sync. */
  private scheduleRefresh(): void {
    if (this.refreshScheduled) return;
    this.refreshScheduled = true;
    setImmediate(() => {
      this.refreshScheduled = false;
      if (!this.closed) this.refreshGrpcHealth();
    });
  }

  onApplicationShutdown(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    for (const service of ['', NODE_SERVICE_NAME]) this.grpcHealth.setStatus(service, 'NOT_SERVING');
  }
}

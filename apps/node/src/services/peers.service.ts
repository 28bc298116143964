import { Inject, Injectable } from '@nestjs/common';

import { notFound } from '../errors/app-error';
import type { NodeRuntime } from '../node/node-runtime';
import { NODE_RUNTIME } from '../node/tokens';
import { BanView, PeerView, toBanView, toPeerView } from '../api/views/peer.view';

/** Reason recorded for bans made through the API (Core's setban shows "manually added"). */
const MANUAL_BAN_REASON = 'manual';

@Injectable()
export class PeersService {
  constructor(@Inject(NODE_RUNTIME) private readonly node: NodeRuntime) {}

  /** Dials and completes the version handshake; P2PError says why it failed. */
  async add(address: string): Promise<PeerView> {
    return toPeerView(await this.node.p2p.connect(address));
  }

  list(): PeerView[] {
    return this.node.p2p.peers().map(toPeerView);
  }

  get(id: number): PeerView {
    const peer = this.node.p2p.peer(id);
    if (!peer) throw notFound('peer', id);
    return toPeerView(peer);
  }

  disconnect(id: number): { id: number } {
    if (!this.node.p2p.disconnect(id)) throw notFound('peer', id);
    return { id };
  }

  listBans(): BanView[] {
    return this.node.p2p.bans.list().map(toBanView);
  }

  addBan(address: string, durationSeconds?: number): BanView {
    return toBanView(this.node.p2p.bans.add(address, MANUAL_BAN_REASON, durationSeconds));
  }

  removeBan(address: string): { address: string } {
    if (!this.node.p2p.bans.remove(address)) throw notFound('ban', address);
    return { address };
  }
}

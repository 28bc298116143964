import { Inject, Injectable } from '@nestjs/common';

import { GenerateView } from '../api/views/chain.view';
import type { NodeRuntime } from '../node/node-runtime';
import { NODE_RUNTIME } from '../node/tokens';

@Injectable()
export class MiningService {
  constructor(@Inject(NODE_RUNTIME) private readonly node: NodeRuntime) {}

  /** Mines `count` blocks on the tip now (bitcoind's generatetoaddress on regtest). */
  async generate(count: number): Promise<GenerateView> {
    const entries = await this.node.miner.generate(count);
    return { hashes: entries.map((entry) => entry.hash.toHex()) };
  }
}

import type { NetworkParams } from '../params/network-params';

export const COIN = 100_000_000n;
/** MAX_MONEY (consensus/amount.h): no output or sum of outputs may exceed 21 million BTC. */
export const MAX_MONEY = 21_000_000n * COIN;
const INITIAL_SUBSIDY = 50n * COIN;

/** GetBlockSubsidy: 50 BTC halved every `halvingInterval` blocks, zero after 64 halvings. */
export function blockSubsidy(height: number, params: Pick<NetworkParams, 'halvingInterval'>): bigint {
  const halvings = Math.floor(height / params.halvingInterval);
  return halvings >= 64 ? 0n : INITIAL_SUBSIDY >> BigInt(halvings);
}

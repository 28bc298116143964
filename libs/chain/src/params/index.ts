import { ChainError, ChainErrorCode } from '../errors';
import type { NetworkParams } from './network-params';
import { MAINNET, REGTEST, SIGNET, TESTNET } from './networks';

export type { NetworkParams } from './network-params';
export { MAINNET, REGTEST, SIGNET, TESTNET } from './networks';
export { genesisBlock, GENESIS_COINBASE_HEX } from './genesis';

/** Known networks by name; `regtest` is the default. */
export const NETWORKS: Readonly<Record<string, NetworkParams>> = {
  regtest: REGTEST,
  mainnet: MAINNET,
  testnet: TESTNET,
  signet: SIGNET,
};

export const DEFAULT_NETWORK = 'regtest';

export function getNetwork(name: string = DEFAULT_NETWORK): NetworkParams {
  const params = NETWORKS[name];
  if (!params) {
    throw new ChainError(ChainErrorCode.UnknownNetwork, `unknown network "${name}" (known: ${Object.keys(NETWORKS).join(', ')})`);
  }
  return params;
}

/**
 * A new network from a base (regtest by default) and overrides, e.g. another magic and port for a
 * private test network: `customNetwork({ name: 'mynet', magic: Buffer.from('d9b4bef9', 'hex') })`.
 */
export function customNetwork(overrides: Partial<NetworkParams> & { name: string }, base: NetworkParams = REGTEST): NetworkParams {
  return { ...base, ...overrides };
}

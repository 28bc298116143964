import type { Block, Hash256 } from '@mbc/wire';

/**
 * Everything that distinguishes one network from another, as data (Core's CChainParams +
 * Consensus::Params). A new network is a new object (see `customNetwork`), never new code.
 */
export interface NetworkParams {
  readonly name: string;
  /** pchMessageStart in wire order. */
  readonly magic: Buffer;
  readonly defaultPort: number;
  readonly genesisBlock: Block;
  readonly genesisHash: Hash256;
  /** Largest allowed target (easiest difficulty). */
  readonly powLimit: bigint;
  /** powLimit in compact form: the bits of genesis and, without retargeting, of every block. */
  readonly powLimitBits: number;
  /** fPowNoRetargeting: every block must carry its parent's bits. */
  readonly noRetargeting: boolean;
  /** nPowTargetTimespan: the retarget window (2016 blocks of targetSpacingSec on mainnet). */
  readonly powTargetTimespanSec: number;
  /** Subsidy halves every this many blocks (150 on regtest, 210,000 elsewhere). */
  readonly halvingInterval: number;
  readonly targetSpacingSec: number;
  /** Heights where BIP34 (height in coinbase, version ≥ 2), BIP66 (≥ 3) and BIP65 (≥ 4) start. */
  readonly bip34Height: number;
  readonly bip66Height: number;
  readonly bip65Height: number;
  readonly dnsSeeds: readonly string[];
}

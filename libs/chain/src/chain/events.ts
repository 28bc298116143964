import type { Block, Hash256 } from '@mbc/wire';

import type { BlockRejectReason } from '../consensus/validation-error';
import type { ChainEntry } from './chain-entry';

/** Events of `chain.events`, each with one payload object. */
export interface ChainEvents {
  /** A block became part of the active chain (in height order, also during a reorg). */
  blockConnected: { entry: ChainEntry; block: Block };
  /** A block left the active chain (from the old tip downwards, during a reorg). */
  blockDisconnected: { entry: ChainEntry; block: Block };
  /** The active tip moved (once per activation, after all connects/disconnects). */
  tipChanged: { entry: ChainEntry };
  /** A new valid header joined the tree. */
  headerAdded: { entry: ChainEntry };
  /** The active chain switched branches: `depth` blocks were disconnected. */
  reorg: { oldTip: ChainEntry; newTip: ChainEntry; depth: number };
  /** submitBlock finished with a block it had not stored before: how long validation and connecting took. */
  blockProcessed: { hash: Hash256; status: 'connected' | 'stored' | 'invalid'; seconds: number };
  /** A header or block failed validation. */
  blockRejected: { hash: Hash256; reason: BlockRejectReason; message: string };
}

/** Why a peer was scored; stable values label metrics (`mbc_misbehaviour_total{reason}`). */
export enum MisbehaviourReason {
  /** Undecodable payload, bad checksum, wrong magic, oversized length: the stream is untrustworthy. */
  MalformedMessage = 'malformed-message',
  /** Anything but version before the peer's version (Core disconnects such peers). */
  MessageBeforeVersion = 'message-before-version',
  /** Core: Misbehaving(1, "redundant version message"). */
  DuplicateVersion = 'duplicate-version',
  /** Headers failing PoW, linkage or time checks (Core: 100). */
  InvalidHeaders = 'invalid-headers',
  /** A headers batch that isn't a continuous chain (Core: 20, "non-continuous headers sequence"). */
  NonContinuousHeaders = 'non-continuous-headers',
  /** Every MAX_UNCONNECTING_HEADERS-th headers message in a row that doesn't connect (older Core: 20). */
  UnconnectingHeaders = 'unconnecting-headers',
  /** An unrequested block whose parent we don't know (Core's BLOCK_MISSING_PREV: 10 in Core ≤ 26, discouraged since). */
  UnconnectingBlock = 'unconnecting-block',
  /** A block failing validation (Core: 100 for consensus-invalid blocks). */
  InvalidBlock = 'invalid-block',
  /** inv/getdata above MAX_INV_SZ, addr above 1,000, a payload above its command's cap (Core: 20). */
  OversizedMessage = 'oversized-message',
}

export const MISBEHAVIOUR_SCORE: Record<MisbehaviourReason, number> = {
  [MisbehaviourReason.MalformedMessage]: 100,
  [MisbehaviourReason.MessageBeforeVersion]: 100,
  [MisbehaviourReason.DuplicateVersion]: 1,
  [MisbehaviourReason.InvalidHeaders]: 100,
  [MisbehaviourReason.NonContinuousHeaders]: 20,
  [MisbehaviourReason.UnconnectingHeaders]: 20,
  [MisbehaviourReason.UnconnectingBlock]: 10,
  [MisbehaviourReason.InvalidBlock]: 100,
  [MisbehaviourReason.OversizedMessage]: 20,
};

import { randomBytes } from 'node:crypto';

/** A random uint64 nonce (version and ping nonces). */
export function randomNonce(): bigint {
  return randomBytes(8).readBigUInt64LE();
}

/**
 * A delay drawn from an exponential distribution with the given mean: Core's
 * rand_exp_duration, which makes announcement times a Poisson process so an observer cannot tell
 * which peer first relayed a transaction.
 */
export function poissonDelayMs(meanMs: number): number {
  if (meanMs <= 0) return 0;
  return -Math.log(1 - Math.random()) * meanMs;
}

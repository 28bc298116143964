/**
 * Test intensity. CI runs the short profile; `MBC_PROFILE=long npx jest test/faults` runs the
 * fault specs at soak length (more crashes, longer churn, more fuzz cases).
 */
export type ProfileName = 'ci' | 'long';

export const PROFILE: ProfileName = process.env.MBC_PROFILE === 'long' ? 'long' : 'ci';

/** Picks the CI or the long value. */
export function byProfile<T>(ci: T, long: T): T {
  return PROFILE === 'long' ? long : ci;
}

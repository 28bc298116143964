import { TokenVerifier } from './token-verifier';

describe('TokenVerifier', () => {
  it('accepts anything when no token is configured', () => {
    const verifier = new TokenVerifier(undefined);
    expect(verifier.required).toBe(false);
    expect(verifier.verifyAuthorization(undefined)).toBe(true);
  });

  it('accepts only the exact bearer token', () => {
    const verifier = new TokenVerifier('correct-horse-battery');
    expect(verifier.required).toBe(true);
    expect(verifier.verifyAuthorization('Bearer correct-horse-battery')).toBe(true);
    expect(verifier.verifyAuthorization('bearer correct-horse-battery')).toBe(true);
    expect(verifier.verifyAuthorization('Bearer correct-horse-batter')).toBe(false);
    expect(verifier.verifyAuthorization('correct-horse-battery')).toBe(false);
    expect(verifier.verifyAuthorization(undefined)).toBe(false);
  });
});

import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares presented tokens with the configured one in constant time. Both sides are hashed first
 * so the comparison length never depends on (or leaks) the token length.
 */
export class TokenVerifier {
  private readonly expectedDigest: Buffer | undefined;

  constructor(token: string | undefined) {
    this.expectedDigest = token ? digest(token) : undefined;
  }

  get required(): boolean {
    return this.expectedDigest !== undefined;
  }

  /** Accepts `Bearer <token>` (REST `Authorization` header or gRPC `authorization` metadata). */
  verifyAuthorization(header: string | undefined): boolean {
    if (!this.expectedDigest) return true;
    const match = /^Bearer (.+)$/i.exec(header ?? '');
    return match !== null && timingSafeEqual(digest(match[1]!), this.expectedDigest);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

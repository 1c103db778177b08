/**
 * Access tokens shared by every host that listens on a socket (the browser host, the farm's
 * blob endpoint): random, URL-safe, and compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: safe in a URL, a header and a shell argument. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Hash both sides first so timingSafeEqual gets equal lengths and the length itself leaks nothing. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

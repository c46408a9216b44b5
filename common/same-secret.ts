import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `given` equals the configured secret, compared in time that does not depend on where
 * they differ or on their lengths (both are hashed to equal-length digests first). A header given
 * several times, or not at all, is no match.
 */
export function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

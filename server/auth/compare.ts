import { timingSafeEqual } from 'node:crypto';

/**
 * Equality of secrets (tokens, MACs, password hashes) in a time that does not tell how much of
 * a guess was right. Only the length may show, and of these secrets it is no secret.
 */
export function sameSecret(given: string | Buffer, expected: string | Buffer): boolean {
  const a = typeof given === 'string' ? Buffer.from(given) : given;
  const b = typeof expected === 'string' ? Buffer.from(expected) : expected;
  // timingSafeEqual throws on different lengths.
  return a.length === b.length && timingSafeEqual(a, b);
}

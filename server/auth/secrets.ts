import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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

/** A fresh random secret for a link or a key: 24 bytes (192 bits) unless said otherwise. */
export const randomToken = (bytes = 24): string => randomBytes(bytes).toString('base64url');

/**
 * What is stored of an API key or a one-time link token: its SHA-256. The secrets are random
 * and long, so a fast hash is enough; a copy of the database opens nothing.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

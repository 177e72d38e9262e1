import { createHash, randomBytes } from 'node:crypto';
import type { AuthTokenPurpose, Records } from '../store/records.js';

/** How long a password-reset link works. */
export const RESET_LINK_HOURS = 24;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A one-time link token: 24 random bytes, of which only the hash is stored, so neither a copy of
 * the database nor its logs open an account.
 */
export async function issueToken(records: Records, email: string, purpose: AuthTokenPurpose, hours: number): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await records.putAuthToken({
    token_hash: hashToken(token),
    purpose,
    email,
    expires_at: Math.floor(Date.now() / 1000) + hours * 3600,
    used: 0,
  });
  return token;
}

/** The account a live token is for, or undefined when it is unknown, used or expired. */
export async function tokenAccount(records: Records, token: string, purpose: AuthTokenPurpose): Promise<string | undefined> {
  return (await records.getAuthToken(hashToken(token), purpose))?.email;
}

/** Spends the token: it works once. Returns the account, or undefined when it was not live. */
export async function spendToken(records: Records, token: string, purpose: AuthTokenPurpose): Promise<string | undefined> {
  const found = await records.getAuthToken(hashToken(token), purpose);
  if (!found) return undefined;
  await records.putAuthToken({ ...found, used: 1 });
  return found.email;
}

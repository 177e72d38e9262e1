import type { AuthTokenPurpose, Records } from '../store/records.js';
import { hashSecret as hashToken, randomToken } from './secrets.js';

/** How long a password-reset link works. */
export const RESET_LINK_HOURS = 24;

/**
 * A one-time link token: 24 random bytes, of which only the hash is stored, so neither a copy of
 * the database nor its logs open an account.
 */
export async function issueToken(records: Records, email: string, purpose: AuthTokenPurpose, hours: number): Promise<string> {
  const token = randomToken();
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

/**
 * Spends the token: it works once. Returns the account, or undefined when it was not live.
 * Read, then write: two requests with the same link in the same instant could both pass. Only
 * the holder of the link can race it, and both would set a password of their own choosing.
 */
export async function spendToken(records: Records, token: string, purpose: AuthTokenPurpose): Promise<string | undefined> {
  const found = await records.getAuthToken(hashToken(token), purpose);
  if (!found) return undefined;
  await records.putAuthToken({ ...found, used: 1 });
  return found.email;
}

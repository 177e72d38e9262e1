// Sealing two-factor secrets, so that a copy of the database alone does not yield them. The
// key is never in the database: it comes from LAGOM_TWO_FACTOR_KEY, or else from a file in the
// data directory that Lagom makes on its first start (outside the engine's folder, so neither
// `lagom backup` nor a ClickHouse BACKUP copies it). docs/security.md says what that buys.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE = 'two-factor.key';

/** A 32-byte key given as 64 hex digits or 43 base64url characters; undefined if it is neither. */
export function parseSealKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9_-]{43}$/.test(t)) return Buffer.from(t, 'base64url');
  return undefined;
}

/** The key from the environment (checked by config.ts) or the data directory's key file, made if missing. */
export function loadSealKey(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv) return parseSealKey(fromEnv)!;
  const file = join(dataDir, KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  const key = parseSealKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a 32-byte key (64 hex digits or 43 base64url characters)`);
  return key;
}

/**
 * AES-256-GCM, bound to the account (`context`, the email, as associated data): a sealed secret
 * copied onto another account's row does not open. "v1.iv.tag.ciphertext", base64url parts.
 */
export function seal(key: Buffer, plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** The sealed text, or undefined when it was sealed with another key or for another account. */
export function unseal(key: Buffer, sealed: string, context: string): string | undefined {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

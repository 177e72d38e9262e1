// Time-based one-time codes (RFC 6238) as authenticator apps make them: HMAC-SHA1, six digits,
// 30-second steps, the form every app reads from an otpauth:// URL without asking. The `otpauth`
// library does the arithmetic; this file fixes the parameters and the rule for accepting a code.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { hashSecret } from './secrets.js';

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
/** How many steps either side of now a code may come from: a phone's clock a little off still works. */
export const TOTP_WINDOW = 1;
const ISSUER = 'Lagom';

/** A fresh secret: 20 random bytes (160 bits, RFC 4226's recommended length), in base32. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

const totp = (secret: string, label = '') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD, secret: Secret.fromBase32(secret) });

/** The otpauth:// URL an authenticator app reads (from the QR code): issuer Lagom, the person's email. */
export const otpauthUrl = (secret: string, email: string): string => totp(secret, email).toString();

/**
 * The time step a code belongs to, if it is right for `secret` within the window around `now`
 * and later than `lastStep`: a code, once used, never works again, nor does an older one.
 */
export function acceptedStep(secret: string, code: string, lastStep: number, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secret).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return undefined;
  const step = TOTP.counter({ period: TOTP_PERIOD, timestamp: now }) + delta;
  return step > lastStep ? step : undefined;
}

// Recovery codes: 16 characters of Crockford's base32 (80 bits), shown as four groups of four.
// With 80 bits a fast hash is enough, as for API keys: a copy of the database opens nothing.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECOVERY_CODES = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const chars = [...randomBytes(16)].map((b) => ALPHABET[b & 31]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** What is stored of a recovery code: the SHA-256 of its characters, without dashes, spaces or case. */
export const recoveryHash = (code: string): string => hashSecret(normalRecoveryCode(code));

const normalRecoveryCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

/** A code typed at sign-in: six digits is an app's code; anything else is tried as a recovery code. */
export const isAppCode = (code: string): boolean => /^\d{6}$/.test(code.replace(/\s/g, ''));

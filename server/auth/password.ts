import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { LagomError } from '../core/errors.js';
import { passwordProblem } from '../core/password-rule.js';
import { sameSecret } from './secrets.js';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// N=2^15, r=8, p=1: about 32 MiB and tens of milliseconds per check, OWASP's scrypt advice.
const N = 32768;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/** "scrypt$N$r$p$salt$hash" with base64url parts, so parameters can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return sameSecret(key, expected);
}

/** The rule for a password sent to the API, with a message that names the field it came in. */
export function checkNewPassword(password: string, field: string): string {
  const problem = passwordProblem(password);
  if (problem) throw new LagomError(400, 'invalid_field', `"${field}" ${problem}`);
  return password;
}

import { createHmac } from 'node:crypto';
import { sameSecret } from './secrets.js';

export const SESSION_COOKIE = 'lagom_session';
export const SESSION_DAYS = 30;

export interface SessionData {
  /** owner email */
  e: string;
  /** expiry, seconds since the epoch */
  x: number;
  /** the user's session epoch: raising it logs out every session */
  g: number;
}

/** Signed, not encrypted: the cookie holds only the owner's own email, an expiry and an epoch. */
export function signSession(data: SessionData, secret: string): string {
  const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
  const mac = createHmac('sha256', secret).update(payload).digest('base64url');
  return `${payload}.${mac}`;
}

export function verifySession(token: string, secret: string, nowSeconds: number): SessionData | undefined {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return undefined;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(mac, 'base64url');
  if (!sameSecret(given, expected)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString()) as SessionData;
    if (typeof data.e !== 'string' || typeof data.x !== 'number' || data.x < nowSeconds) return undefined;
    return data;
  } catch {
    return undefined;
  }
}

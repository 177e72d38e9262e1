import { createHmac } from 'node:crypto';
import { UAParser } from 'ua-parser-js';
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

// Until 0.2.0 the cookie was signed data (email, expiry, epoch). Such a cookie, still live, is
// honoured: on first use it becomes a server-side session (AuthService.principal), keyed by its
// hash like every session. 30 days after an upgrade none is left, and this can go.

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

/** A browser as the sessions list names it: "Firefox" on "Linux", nothing finer (no version, no address). */
export function deviceOf(userAgent: string): { browser: string; os: string } {
  const parsed = new UAParser(userAgent).getResult();
  return { browser: parsed.browser.name ?? '', os: parsed.os.name ?? '' };
}

/** "Firefox on Linux", or what is known of it. */
export const deviceName = (d: { browser: string; os: string }): string =>
  d.browser && d.os ? `${d.browser} on ${d.os}` : d.browser || d.os || 'Unknown browser';

// The signed session cookie: what verifies, and every way a token must not.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signSession, verifySession, type SessionData } from '../../../server/auth/session.js';

const SECRET = 'a long random secret for the tests';
const NOW = 1_750_000_000;
const data: SessionData = { e: 'owner@example.com', x: NOW + 3600, g: 2 };

/** Signs any payload text the way the server does, to build tokens that are well signed but odd. */
const signedPayload = (payload: string, secret = SECRET) =>
  `${Buffer.from(payload).toString('base64url')}.${createHmac('sha256', secret).update(Buffer.from(payload).toString('base64url')).digest('base64url')}`;

describe('signSession / verifySession', () => {
  it('verifies what it signed and gives back the same data', () => {
    const token = signSession(data, SECRET);
    expect(verifySession(token, SECRET, NOW)).toEqual(data);
  });

  it('holds only what it was given, readable but not secret: email, expiry, epoch', () => {
    const [payload] = signSession(data, SECRET).split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual(data);
  });

  it('refuses a token signed with another secret', () => {
    expect(verifySession(signSession(data, 'another secret'), SECRET, NOW)).toBeUndefined();
  });

  it('refuses a payload changed after signing', () => {
    const [, mac] = signSession(data, SECRET).split('.');
    for (const changed of [
      { ...data, e: 'attacker@example.com' },
      { ...data, x: NOW + 10 * 365 * 86_400 },
      { ...data, g: 1 },
    ]) {
      const payload = Buffer.from(JSON.stringify(changed)).toString('base64url');
      expect(verifySession(`${payload}.${mac}`, SECRET, NOW)).toBeUndefined();
    }
  });

  it('refuses a changed, shortened, lengthened or missing signature', () => {
    const token = signSession(data, SECRET);
    const [payload, mac] = token.split('.') as [string, string];
    const flipped = (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1);
    for (const bad of [
      `${payload}.${flipped}`,
      `${payload}.${mac.slice(0, -2)}`,
      `${payload}.${mac}AA`,
      `${payload}.`,
      payload,
      `.${mac}`,
      '',
    ]) {
      expect(verifySession(bad, SECRET, NOW), bad).toBeUndefined();
    }
  });

  it('is valid up to its expiry second and not after', () => {
    const token = signSession(data, SECRET);
    expect(verifySession(token, SECRET, data.x)).toEqual(data);
    expect(verifySession(token, SECRET, data.x + 1)).toBeUndefined();
  });

  it('refuses a well-signed token whose payload is not a session', () => {
    for (const payload of ['not json', 'null', '{}', `{"e":1,"x":${NOW + 60},"g":0}`, `{"e":"a@x","x":"${NOW + 60}","g":0}`]) {
      expect(verifySession(signedPayload(payload), SECRET, NOW), payload).toBeUndefined();
    }
    // The same helper does produce tokens the server accepts: the refusals above are the payload's.
    expect(verifySession(signedPayload(JSON.stringify(data)), SECRET, NOW)).toEqual(data);
  });
});

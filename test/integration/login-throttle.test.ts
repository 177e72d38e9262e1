import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

// A guesser is slowed down; nobody else is. Behind one trusted proxy the client's address is
// the last one in X-Forwarded-For.
let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom({ LAGOM_TRUST_PROXY: '1' });
});
afterAll(() => lagom.stop());

const from = (address: string) => ({ origin: lagom.url, 'x-forwarded-for': address, 'content-type': 'application/json' });
const login = (address: string, password: string, email = lagom.email) =>
  fetch(`${lagom.url}/api/auth/login`, { method: 'POST', headers: from(address), body: JSON.stringify({ email, password }) });
/** A sign-in's status and how long its answer took. */
async function timed(address: string, password: string, email?: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await login(address, password, email);
  return { status: res.status, ms: performance.now() - started };
}

describe('login throttling', () => {
  it('after 50 wrong passwords from one address, the right one from another signs in at once', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await login('203.0.113.7', `guess ${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));

    // One scrypt check, no penalty (a delayed attempt waits a whole second). A scrypt check alone
    // can take over a second on a loaded machine, so the sign-in is timed against a control run
    // at the same moment: an account nobody has guessed at, which costs the same one check
    // (unknown emails are hashed too) and which no throttle can touch, the account-wide one
    // included. Load slows both alike; the penalty is a timer and would delay the owner's alone.
    const [ok, control] = await Promise.all([
      timed('198.51.100.9', lagom.password),
      timed('192.0.2.44', lagom.password, 'nobody-guessed-at@example.com'),
    ]);
    expect(ok.status).toBe(200);
    expect(control.status).toBe(401);
    expect(ok.ms).toBeLessThan(control.ms + 700);

    // The guesser's own address still waits, even with the right password.
    const guesser = await login('203.0.113.7', lagom.password);
    expect(guesser.status).toBe(429);
    expect(Number(guesser.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('counts an IPv6 guesser by its /64, so rotating addresses in it does not help', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 7; i++) statuses.push((await login(`2001:db8:aa:bb::${i.toString(16)}`, `guess ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect((await login('2001:db8:aa:cc::1', lagom.password)).status).toBe(200);
  });

  it('a shared link’s password throttle slows the guesser only', async () => {
    const made = await fetch(`${lagom.url}/api/v1/sites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'throttle.test', timezone: 'UTC' }),
    });
    expect(made.status).toBe(200);
    const link = await fetch(`${lagom.url}/api/v1/sites/throttle.test/shared-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'board', password: 'the board password' }),
    });
    const { url: path } = (await link.json()) as { url: string };
    const token = path.split('/').pop()!;
    const unlock = (address: string, password: string) =>
      fetch(`${lagom.url}/api/share/${token}/unlock`, { method: 'POST', headers: from(address), body: JSON.stringify({ password }) });
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await unlock('203.0.113.8', `guess ${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const viewer = await unlock('198.51.100.10', 'the board password');
    expect(viewer.status).toBe(200);
  });
});

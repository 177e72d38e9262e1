import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import { KEY_FILE } from '../../server/auth/sealed.js';
import { issueToken } from '../../server/auth/tokens.js';
import { acceptedStep } from '../../server/auth/totp.js';
import { storedStrings } from '../../server/store/inspect.js';
import { records } from '../../server/store/records.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

// Two-factor login (TOTP, RFC 6238) on a real Lagom: enrolment, sign-in with and without a code,
// codes that work once, recovery codes, switching off, and the owner's "required for everyone".
// Live codes come from the otpauth library, from the secret the enrolment answered, as an
// authenticator app would compute them. Each test signs in from its own address (one trusted
// proxy), so the throttle of one does not reach another.
let lagom: TestLagom;
const PASSWORD = 'a long enough passphrase';

beforeAll(async () => {
  lagom = await startLagom({ LAGOM_TRUST_PROXY: '1' });
});
afterAll(() => lagom.stop());

type Answer = { status: number; body: any; cookie: string };

async function call(method: string, path: string, options: { cookie?: string; from?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(`${lagom.url}${path}`, {
    method,
    headers: {
      origin: lagom.url,
      'x-forwarded-for': options.from ?? '192.0.2.1',
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

const login = (email: string, from: string, extra: { code?: string; password?: string } = {}) =>
  call('POST', '/api/auth/login', { from, body: { email, password: extra.password ?? PASSWORD, ...(extra.code === undefined ? {} : { code: extra.code }) } });

/** A live code for the secret, `steps` periods from now (the server accepts one step either side). */
const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });

let people = 0;
/** A fresh account (written into the store, as roles.test.ts does), signed in. */
async function person(role: 'owner' | 'admin' | 'viewer' = 'admin'): Promise<{ email: string; cookie: string; from: string }> {
  people += 1;
  const email = `person${people}@example.com`;
  await records(lagom.server.store).putUser({ email, password_hash: await hashPassword(PASSWORD), session_epoch: 0, role, sites: [] });
  const from = `198.51.100.${people}`;
  const signed = await login(email, from);
  expect(signed.status).toBe(200);
  return { email, cookie: signed.cookie, from };
}

/** Enrols and confirms; answers the secret, the recovery codes and the session cookie confirming gave. */
async function enrolled(who: { cookie: string; from: string }): Promise<{ secret: string; codes: string[]; cookie: string }> {
  const setup = await call('POST', '/api/auth/two-factor/setup', { cookie: who.cookie, from: who.from });
  expect(setup.status).toBe(200);
  const confirm = await call('POST', '/api/auth/two-factor/confirm', { cookie: who.cookie, from: who.from, body: { code: codeOf(setup.body.secret) } });
  expect(confirm.status).toBe(200);
  return { secret: setup.body.secret, codes: confirm.body.recovery_codes, cookie: confirm.cookie };
}

describe('RFC 6238 appendix B test vectors, through otpauth as the server uses it', () => {
  // The seeds of the RFC: ASCII "1234567890" repeated to 20, 32 and 64 bytes; eight digits.
  const seeds = {
    SHA1: '12345678901234567890',
    SHA256: '12345678901234567890123456789012',
    SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
  };
  const vectors: Array<[number, string, keyof typeof seeds]> = [
    [59, '94287082', 'SHA1'], [59, '46119246', 'SHA256'], [59, '90693936', 'SHA512'],
    [1111111109, '07081804', 'SHA1'], [1111111109, '68084774', 'SHA256'], [1111111109, '25091201', 'SHA512'],
    [1111111111, '14050471', 'SHA1'], [1111111111, '67062674', 'SHA256'], [1111111111, '99943326', 'SHA512'],
    [1234567890, '89005924', 'SHA1'], [1234567890, '91819424', 'SHA256'], [1234567890, '93441116', 'SHA512'],
    [2000000000, '69279037', 'SHA1'], [2000000000, '90698825', 'SHA256'], [2000000000, '38618901', 'SHA512'],
    [20000000000, '65353130', 'SHA1'], [20000000000, '77737706', 'SHA256'], [20000000000, '47863826', 'SHA512'],
  ];
  it.each(vectors)('T=%i gives %s with %s', (time, expected, algorithm) => {
    const totp = new TOTP({ secret: Secret.fromLatin1(seeds[algorithm]), algorithm, digits: 8, period: 30 });
    expect(totp.generate({ timestamp: time * 1000 })).toBe(expected);
    expect(totp.validate({ token: expected, timestamp: time * 1000, window: 0 })).toBe(0);
  });

  it("the server's check takes the SHA-1 vectors' six-digit codes, at their step and one either side only", () => {
    const secret = Secret.fromLatin1(seeds.SHA1).base32;
    // Six digits are the last six of the eight (RFC 4226's truncation, modulo 10^6).
    expect(acceptedStep(secret, '287082', 0, 59_000)).toBe(1);
    expect(acceptedStep(secret, '081804', 0, 1111111109_000)).toBe(37037036);
    expect(acceptedStep(secret, '081804', 0, 1111111109_000 + 30_000)).toBe(37037036);
    expect(acceptedStep(secret, '081804', 0, 1111111109_000 + 60_000)).toBeUndefined();
    expect(acceptedStep(secret, '081804', 37037036, 1111111109_000)).toBeUndefined();
    expect(acceptedStep(secret, '081805', 0, 1111111109_000)).toBeUndefined();
  });
});

describe('enrolment', () => {
  it('answers a base32 secret, its otpauth URL and a QR code as SVG; the first code switches it on with ten recovery codes', async () => {
    const me = await person();
    expect((await call('GET', '/api/auth/two-factor', { cookie: me.cookie })).body).toEqual({ enabled: false, pending: false, recovery_codes_left: 0, required: false });
    const setup = await call('POST', '/api/auth/two-factor/setup', { cookie: me.cookie, from: me.from });
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(setup.body.otpauth_url);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(setup.body.secret);
    expect(url.searchParams.get('issuer')).toBe('Lagom');
    expect(decodeURIComponent(url.pathname)).toContain(me.email);
    expect(setup.body.qr_svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>\s*$/s);
    expect(setup.body.qr_svg).not.toMatch(/<script|on\w+=/i);
    expect((await call('GET', '/api/auth/two-factor', { cookie: me.cookie })).body).toMatchObject({ enabled: false, pending: true });
    // The same QR code as an image of the dashboard's own origin.
    const qr = await fetch(`${lagom.url}/api/auth/two-factor/qr.svg`, { headers: { cookie: me.cookie } });
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(qr.headers.get('cache-control')).toBe('no-store');
    expect(await qr.text()).toBe(setup.body.qr_svg);

    expect(await call('POST', '/api/auth/two-factor/confirm', { cookie: me.cookie, from: me.from, body: { code: '000000' === codeOf(setup.body.secret) ? '111111' : '000000' } })).toMatchObject({ status: 403, body: { code: 'wrong_code' } });
    const confirm = await call('POST', '/api/auth/two-factor/confirm', { cookie: me.cookie, from: me.from, body: { code: codeOf(setup.body.secret) } });
    expect(confirm.status).toBe(200);
    expect(confirm.body.recovery_codes).toHaveLength(10);
    expect(new Set(confirm.body.recovery_codes).size).toBe(10);
    for (const code of confirm.body.recovery_codes) expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect((await call('GET', '/api/auth/two-factor', { cookie: confirm.cookie })).body).toEqual({ enabled: true, pending: false, recovery_codes_left: 10, required: false });
    // Switching it on ends the sessions opened with the password alone, this one renewed.
    expect((await call('GET', '/api/auth/me', { cookie: me.cookie })).status).toBe(401);
    expect((await call('GET', '/api/auth/me', { cookie: confirm.cookie })).status).toBe(200);
    expect(await call('POST', '/api/auth/two-factor/setup', { cookie: confirm.cookie, from: me.from })).toMatchObject({ status: 409, body: { code: 'two_factor_already_on' } });
  });

  it('confirming without a setup first is refused', async () => {
    const me = await person();
    expect(await call('POST', '/api/auth/two-factor/confirm', { cookie: me.cookie, from: me.from, body: { code: '123456' } })).toMatchObject({ status: 409, body: { code: 'two_factor_not_on' } });
  });

  it('stores the secret sealed and the recovery codes hashed: the database holds neither, the key lives outside it', async () => {
    const me = await person();
    const { secret, codes } = await enrolled(me);
    const stored = (await storedStrings(lagom.server.store)).join('\n');
    expect(stored).not.toContain(secret);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll('-', ''));
    }
    const keyFile = join(lagom.dataDir, KEY_FILE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(stored).not.toContain(readFileSync(keyFile, 'utf8').trim());
  });
});

describe('signing in with two-factor on', () => {
  it('asks for the code only after the right password, and signs in with it', async () => {
    const me = await person();
    const { secret } = await enrolled(me);
    expect(await login(me.email, me.from, { password: 'wrong password here' })).toMatchObject({ status: 401, body: { code: 'wrong_credentials' } });
    expect(await login(me.email, me.from, { password: 'wrong password here', code: codeOf(secret, 1) })).toMatchObject({ status: 401, body: { code: 'wrong_credentials' } });
    const asked = await login(me.email, me.from);
    expect(asked).toMatchObject({ status: 401, body: { code: 'two_factor_required' } });
    expect(asked.cookie).toBe('');
    const signed = await login(me.email, me.from, { code: codeOf(secret, 1) });
    expect(signed.status).toBe(200);
    expect((await call('GET', '/api/auth/me', { cookie: signed.cookie })).body.email).toBe(me.email);
  });

  it('takes a code once: the same code again, or an older one, is refused', async () => {
    const me = await person();
    const { secret } = await enrolled(me);
    const code = codeOf(secret, 1);
    expect((await login(me.email, me.from, { code })).status).toBe(200);
    expect(await login(me.email, me.from, { code })).toMatchObject({ status: 401, body: { code: 'wrong_two_factor_code' } });
    // The code confirming used (this step's) is older than the last accepted one.
    expect(await login(me.email, me.from, { code: codeOf(secret, 0) })).toMatchObject({ status: 401, body: { code: 'wrong_two_factor_code' } });
  });

  it('sends the same code twice at once: one sign-in only', async () => {
    const me = await person();
    const { secret } = await enrolled(me);
    const code = codeOf(secret, 1);
    const both = await Promise.all([login(me.email, me.from, { code }), login(me.email, me.from, { code })]);
    expect(both.map((a) => a.status).sort()).toEqual([200, 401]);
  });

  it('counts wrong codes in the throttle, and asking without a code between them clears nothing', async () => {
    const me = await person();
    const { secret } = await enrolled(me);
    const wrong = codeOf(secret, 1) === '123456' ? '654321' : '123456';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(me.email, me.from, { code: wrong })).status);
    statuses.push((await login(me.email, me.from)).status);
    for (let i = 0; i < 2; i++) statuses.push((await login(me.email, me.from, { code: wrong })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    // Five wrong codes from this address: even the right one waits now.
    const blocked = await login(me.email, me.from, { code: codeOf(secret, 1) });
    expect(blocked).toMatchObject({ status: 429, body: { code: 'too_many_attempts' } });
    // From another address the right code still works at once.
    expect((await login(me.email, '203.0.113.250', { code: codeOf(secret, 1) })).status).toBe(200);
  });

  it('takes a recovery code in place of a code, once, in any case and without dashes', async () => {
    const me = await person();
    const { codes } = await enrolled(me);
    const signed = await login(me.email, me.from, { code: codes[0]!.toLowerCase().replaceAll('-', ' ') });
    expect(signed.status).toBe(200);
    expect(await login(me.email, me.from, { code: codes[0]! })).toMatchObject({ status: 401, body: { code: 'wrong_two_factor_code' } });
    expect((await call('GET', '/api/auth/two-factor', { cookie: signed.cookie })).body.recovery_codes_left).toBe(9);
    expect((await login(me.email, me.from, { code: codes[1]! })).status).toBe(200);
  });

  it('makes new recovery codes (with a code), and the old ones stop working', async () => {
    const me = await person();
    const { secret, codes, cookie } = await enrolled(me);
    expect(await call('POST', '/api/auth/two-factor/recovery-codes', { cookie, from: me.from, body: { code: '99999' } })).toMatchObject({ status: 403, body: { code: 'wrong_code' } });
    const fresh = await call('POST', '/api/auth/two-factor/recovery-codes', { cookie, from: me.from, body: { code: codeOf(secret, 1) } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.recovery_codes).toHaveLength(10);
    expect(fresh.body.recovery_codes).not.toContain(codes[0]);
    expect((await login(me.email, me.from, { code: codes[0]! })).status).toBe(401);
    expect((await login(me.email, me.from, { code: fresh.body.recovery_codes[0] })).status).toBe(200);
  });

  it('is switched off with the password and a code, and then signs in with the password alone', async () => {
    const me = await person();
    const { secret, cookie } = await enrolled(me);
    expect(await call('DELETE', '/api/auth/two-factor', { cookie, from: me.from, body: { password: 'not the password', code: codeOf(secret, 1) } })).toMatchObject({ status: 403, body: { code: 'wrong_password' } });
    expect(await call('DELETE', '/api/auth/two-factor', { cookie, from: me.from, body: { password: PASSWORD, code: '00000a' } })).toMatchObject({ status: 403, body: { code: 'wrong_code' } });
    expect(await call('DELETE', '/api/auth/two-factor', { cookie, from: me.from, body: { password: PASSWORD, code: codeOf(secret, 1) } })).toMatchObject({ status: 200, body: { enabled: false } });
    expect((await call('GET', '/api/auth/two-factor', { cookie })).body).toMatchObject({ enabled: false, pending: false, recovery_codes_left: 0 });
    expect((await login(me.email, me.from)).status).toBe(200);
    expect(await call('DELETE', '/api/auth/two-factor', { cookie, from: me.from, body: { password: PASSWORD, code: '123456' } })).toMatchObject({ status: 409, body: { code: 'two_factor_not_on' } });
  });
});

describe('a removed account', () => {
  it('takes its two-factor login with it: a new account of the same email signs in with a password alone', async () => {
    const me = await person();
    await enrolled(me);
    expect((await login(me.email, me.from)).body.code).toBe('two_factor_required');
    const owner = { authorization: `Bearer ${lagom.apiKey}` };
    // An API key cannot manage people; the owner's session does.
    const session = await call('POST', '/api/auth/login', { from: '203.0.113.7', body: { email: lagom.email, password: lagom.password } });
    expect(session.status).toBe(200);
    expect((await call('DELETE', `/api/people/${me.email}`, { cookie: session.cookie, from: '203.0.113.7' })).status).toBe(200);
    expect((await call('GET', '/api/auth/me', { headers: owner })).status).toBe(200);
    await records(lagom.server.store).putUser({ email: me.email, password_hash: await hashPassword(PASSWORD), session_epoch: 1, role: 'viewer', sites: [] });
    expect((await login(me.email, me.from)).status).toBe(200);
  });
});

describe('a reset link', () => {
  it('sets the password but does not sign in an account with two-factor on', async () => {
    const me = await person();
    const { secret } = await enrolled(me);
    const token = await issueToken(records(lagom.server.store), me.email, 'reset', 1);
    const reset = await call('POST', '/api/auth/reset', { from: me.from, body: { token, password: 'another long passphrase' } });
    expect(reset.status).toBe(200);
    expect((await call('GET', '/api/auth/me', { cookie: reset.cookie })).status).toBe(401);
    expect(await login(me.email, me.from, { password: 'another long passphrase' })).toMatchObject({ status: 401, body: { code: 'two_factor_required' } });
    expect((await login(me.email, me.from, { password: 'another long passphrase', code: codeOf(secret, 1) })).status).toBe(200);
  });
});

describe('API keys are not a login', () => {
  it('a key reads on without any code, and cannot touch two-factor login', async () => {
    const key = { authorization: `Bearer ${lagom.apiKey}` };
    const owner = await login(lagom.email, '192.0.2.200', { password: lagom.password });
    const { secret } = await enrolled({ cookie: owner.cookie, from: '192.0.2.200' });
    expect((await call('GET', '/api/v1/sites', { headers: key })).status).toBe(200);
    for (const [method, path] of [['GET', '/api/auth/two-factor'], ['POST', '/api/auth/two-factor/setup'], ['DELETE', '/api/auth/two-factor']] as const) {
      expect(await call(method, path, { headers: key, body: method === 'GET' ? undefined : { password: lagom.password, code: codeOf(secret, 1) } })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    }
    expect(await call('PUT', '/api/settings/security', { headers: key, body: { require_two_factor: true } })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });
});

describe('required for everyone', () => {
  it('an owner must have it first; then a person without it gets a session that can only enrol', async () => {
    const owner = await person('owner');
    const viewer = await person('viewer');
    expect(await call('PUT', '/api/settings/security', { cookie: owner.cookie, from: owner.from, body: { require_two_factor: true } })).toMatchObject({ status: 400, body: { code: 'two_factor_needed_first' } });
    expect(await call('PUT', '/api/settings/security', { cookie: viewer.cookie, from: viewer.from, body: { require_two_factor: true } })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const ownerTwoFactor = await enrolled(owner);
    expect(await call('PUT', '/api/settings/security', { cookie: ownerTwoFactor.cookie, from: owner.from, body: { require_two_factor: 'yes' } })).toMatchObject({ status: 400, body: { code: 'invalid_field' } });
    expect(await call('PUT', '/api/settings/security', { cookie: ownerTwoFactor.cookie, from: owner.from, body: { require_two_factor: true } })).toMatchObject({ status: 200, body: { require_two_factor: true } });
    try {
      // A session from before is held to enrolment at once, as is a new one.
      for (const cookie of [viewer.cookie, (await login(viewer.email, viewer.from)).cookie]) {
        for (const path of ['/api/auth/me', '/api/v1/sites', '/api/keys', '/api/settings/security']) {
          expect(await call('GET', path, { cookie })).toMatchObject({ status: 403, body: { code: 'two_factor_enrolment_required' } });
        }
        expect(await call('POST', '/api/keys', { cookie, from: viewer.from, body: { name: 'sneaky' } })).toMatchObject({ status: 403, body: { code: 'two_factor_enrolment_required' } });
        // The dashboard's boot learns it without a failed request, and learns no more than that.
        expect(await call('GET', '/api/auth/session', { cookie })).toEqual(expect.objectContaining({ status: 200, body: { signed_in: true, email: viewer.email, two_factor_enrolment_required: true } }));
      }
      const fresh = await login(viewer.email, viewer.from);
      expect(fresh.body).toEqual({ email: viewer.email, two_factor_enrolment_required: true });
      expect((await call('GET', '/api/auth/two-factor', { cookie: fresh.cookie })).body).toMatchObject({ enabled: false, required: true });
      const done = await enrolled({ cookie: fresh.cookie, from: viewer.from });
      expect((await call('GET', '/api/auth/me', { cookie: done.cookie })).status).toBe(200);
      expect((await call('GET', '/api/v1/sites', { cookie: done.cookie })).status).toBe(200);
      // Switching off is refused while it is required.
      expect(await call('DELETE', '/api/auth/two-factor', { cookie: done.cookie, from: viewer.from, body: { password: PASSWORD, code: codeOf(done.secret, 1) } })).toMatchObject({ status: 409, body: { code: 'two_factor_required_by_owner' } });
      expect((await call('GET', '/api/settings/security', { cookie: done.cookie })).body).toEqual({ require_two_factor: true });
    } finally {
      expect((await call('PUT', '/api/settings/security', { cookie: ownerTwoFactor.cookie, from: owner.from, body: { require_two_factor: false } })).status).toBe(200);
    }
  });
});

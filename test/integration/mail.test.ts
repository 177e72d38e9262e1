import { callApi } from '../helpers/people.js';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../bench/lib.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

// Mail through a real SMTP server started here: an invitation is mailed, and its link, followed,
// makes the account; "Forgot password?" mails a reset link that sets a new password and ends
// every other session. Nothing is mailed for an email without an account, and the answer is
// the same.
interface Received {
  to: string[];
  raw: string;
}

let smtp: SMTPServer;
let lagom: TestLagom;
const inbox: Received[] = [];
const waiters: Array<() => void> = [];

/** The raw message decoded enough to read: quoted-printable soft breaks and escapes undone. */
const readable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

async function nextMail(to: string, timeoutMs = 10_000): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = inbox.findIndex((m) => m.to.includes(to));
    if (i >= 0) return inbox.splice(i, 1)[0]!;
    if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 200);
    });
  }
}

const linkIn = (mail: Received, path: string) => {
  const m = new RegExp(`${lagom.url.replace(/[.:/]/g, '\\$&')}${path}\\?token=[A-Za-z0-9_-]+`).exec(readable(mail.raw));
  if (!m) throw new Error(`no ${path} link in:\n${mail.raw}`);
  return new URL(m[0]);
};

const call = (headers: Record<string, string>, method: string, path: string, body?: unknown) => callApi(lagom, headers, method, path, body);

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  lagom = await startLagom({ LAGOM_SMTP_URL: `smtp://127.0.0.1:${port}`, LAGOM_MAIL_FROM: 'Lagom <lagom@example.com>' });
  await lagom.addSite('a.test');
});
afterAll(async () => {
  await lagom?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('with mail configured', () => {
  it('tells the sign-in page that "Forgot password?" works', async () => {
    expect(await call({}, 'GET', '/api/auth/options')).toEqual(expect.objectContaining({ status: 200, body: { password_login: true, oidc: null, forgot_password: true } }));
  });

  it('mails an invitation whose link makes the account with the role given', async () => {
    const owner = { cookie: await signIn(lagom.url, { email: lagom.email, password: lagom.password }) };
    const made = await call(owner, 'POST', '/api/invitations', { email: 'mailed@example.com', role: 'admin' });
    expect(made).toMatchObject({ status: 201, body: { mailed: true, role: 'admin' } });
    const mail = await nextMail('mailed@example.com');
    expect(mail.raw).toMatch(/^From: Lagom <lagom@example\.com>$/m);
    expect(mail.raw).toMatch(/^Subject: You are invited to Lagom analytics$/m);
    // Plain text and HTML, naming the instance and who invited; no images or tracking.
    expect(mail.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    expect(readable(mail.raw)).toContain(`owner@example.com invites you to the Lagom analytics at ${lagom.url}, as an admin`);
    expect(mail.raw).not.toMatch(/<img/i);
    const link = linkIn(mail, '/invite');
    // The link mailed is the one answered.
    expect(link.href).toBe(made.body.url);
    const token = link.searchParams.get('token')!;
    const accepted = await call({}, 'POST', '/api/auth/invite', { token, password: 'chosen by the invitee' });
    expect(accepted).toMatchObject({ status: 200, body: { email: 'mailed@example.com', role: 'admin' } });
    const session = { cookie: await signIn(lagom.url, { email: 'mailed@example.com', password: 'chosen by the invitee' }) };
    expect(await call(session, 'GET', '/api/auth/me')).toMatchObject({ status: 200, body: { role: 'admin', sites: null } });
  });

  it('mails a reset link: the new password works, the old fails, other sessions end', async () => {
    const other = { cookie: await signIn(lagom.url, { email: lagom.email, password: lagom.password }) };
    expect((await call(other, 'GET', '/api/auth/me')).status).toBe(200);
    expect(await call({}, 'POST', '/api/auth/forgot', { email: 'Owner@Example.com' })).toEqual(expect.objectContaining({ status: 200, body: { ok: true } }));
    const mail = await nextMail(lagom.email);
    expect(mail.raw).toMatch(/^Subject: Reset your Lagom password$/m);
    expect(readable(mail.raw)).toContain(`at the Lagom analytics at ${lagom.url}`);
    const token = linkIn(mail, '/reset').searchParams.get('token')!;
    expect(await call({}, 'GET', `/api/auth/reset/${token}`)).toMatchObject({ status: 200, body: { email: lagom.email } });
    const reset = await call({}, 'POST', '/api/auth/reset', { token, password: 'a brand new passphrase' });
    expect(reset).toMatchObject({ status: 200, body: { email: lagom.email } });
    expect(await call({ cookie: reset.cookie! }, 'GET', '/api/auth/me')).toMatchObject({ status: 200 });
    expect(await call(other, 'GET', '/api/auth/me')).toMatchObject({ status: 401 });
    expect(await signIn(lagom.url, { email: lagom.email, password: 'a brand new passphrase' })).toMatch(/^lagom_session=/);
    await expect(signIn(lagom.url, { email: lagom.email, password: lagom.password })).rejects.toThrow(/401/);
    // The link works once.
    expect(await call({}, 'POST', '/api/auth/reset', { token, password: 'yet another passphrase' })).toMatchObject({ status: 404, body: { code: 'invalid_reset_token' } });
  });

  it('answers the same for an email without an account, and mails nothing', async () => {
    const answer = await call({}, 'POST', '/api/auth/forgot', { email: 'stranger@example.com' });
    expect(answer).toEqual(expect.objectContaining({ status: 200, body: { ok: true } }));
    await expect(nextMail('stranger@example.com', 1500)).rejects.toThrow(/no mail/);
  });

  it('is throttled like a login', async () => {
    const email = 'throttled@example.com';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call({}, 'POST', '/api/auth/forgot', { email })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

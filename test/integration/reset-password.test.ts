import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliServers, loginCookie, runCli, type LagomProcess } from '../helpers/process.js';

// The way back in: a setup link that says when it is spent, and `lagom reset-password EMAIL`.
let dataDir: string;
const servers = cliServers();
const env = () => ({ PORT: '0', HOST: '127.0.0.1', LAGOM_DATA_DIR: dataDir });
const EMAIL = 'me@example.com';
const FIRST = 'the first password';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lagom-reset-'));
});
afterAll(async () => {
  // A test that failed before its stop leaves its server running on the data directory.
  await servers.stopAll();
  await rm(dataDir, { recursive: true, force: true });
});

const json = (url: string, path: string, body: object, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, ...headers }, body: JSON.stringify(body) });

describe('one-time links', () => {
  let server: LagomProcess & { url: string };
  let oldSession = '';

  it('a setup link answers whether it is live, and is spent by use', async () => {
    server = await servers.start(env());
    const token = /setup\?token=(\S+)/.exec(server.output())![1]!;
    const check = (t: string) => fetch(`${server.url}/api/auth/setup/${t}`);
    expect((await check(token)).status).toBe(200);
    const unknown = await check('not-a-real-token');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'This setup link is no longer valid', code: 'invalid_setup_token' });
    expect((await json(server.url, '/api/auth/setup', { token, email: EMAIL, password: FIRST })).status).toBe(200);
    expect((await check(token)).status).toBe(404);
    // Spent: the form's POST is refused the same way as the check.
    const again = await json(server.url, '/api/auth/setup', { token, email: EMAIL, password: FIRST });
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([404, 'invalid_setup_token']);
    oldSession = await loginCookie(server.url, EMAIL, FIRST);
  });

  it('lagom reset-password says plainly that a running server holds the data directory', async () => {
    const p = runCli(['reset-password', EMAIL], env());
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain('in use by a running Lagom');
    expect(p.output()).toContain('Stop it before lagom reset-password');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('names what is wrong with the command', async () => {
    const none = runCli(['reset-password'], env());
    expect(await none.exited).toBe(1);
    expect(none.output()).toContain("lagom reset-password needs the account's email");
    const unknown = runCli(['reset-password', 'nobody@example.com'], env());
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toContain('No account has the email nobody@example.com.');
  });

  it('prints a one-time link that sets a new password, ends old sessions, and works once', async () => {
    const p = runCli(['reset-password', 'ME@example.com'], { ...env(), PORT: '8123' });
    expect(await p.exited).toBe(0);
    const link = /Open (http:\/\/localhost:8123\/reset\?token=(\S+))/.exec(p.output());
    expect(link, p.output()).not.toBeNull();
    const token = link![2]!;
    expect(p.output()).toContain(`to choose a new password for ${EMAIL}`);

    server = await servers.start(env());
    try {
      const url = server.url;
      const check = await fetch(`${url}/api/auth/reset/${token}`);
      expect(check.status).toBe(200);
      expect(await check.json()).toEqual({ email: EMAIL });
      expect((await json(url, '/api/auth/reset', { token, password: 'short' })).status).toBe(400);
      // A reset from another origin is refused like every cookie-setting write.
      expect((await json(url, '/api/auth/reset', { token, password: 'the second password' }, { origin: 'https://evil.example' })).status).toBe(403);

      const reset = await json(url, '/api/auth/reset', { token, password: 'the second password' });
      expect(reset.status).toBe(200);
      expect(await reset.json()).toEqual({ email: EMAIL });
      const cookie = (reset.headers.get('set-cookie') ?? '').split(';')[0]!;
      expect((await fetch(`${url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
      // Sessions from before the reset are over; the old password no longer works.
      expect((await fetch(`${url}/api/auth/me`, { headers: { cookie: oldSession } })).status).toBe(401);
      expect((await json(url, '/api/auth/login', { email: EMAIL, password: FIRST })).status).toBe(401);
      await loginCookie(url, EMAIL, 'the second password');
      // Once only.
      // invalid_reset_token is a 404 wherever the link is used, its check and its form alike.
      expect((await json(url, '/api/auth/reset', { token, password: 'a third password' })).status).toBe(404);
      expect((await fetch(`${url}/api/auth/reset/${token}`)).status).toBe(404);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});

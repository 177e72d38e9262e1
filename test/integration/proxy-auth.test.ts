import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/core/config.js';
import { startServer, type RunningServer } from '../../server/main.js';

// One proxy setting for every route, and sign-in behind a TLS-terminating proxy: the faults a
// new user met following docs/deployment.md (the real nginx is in test/deployment/).
const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery staple';
const PUBLIC = 'https://stats.example.test';

// The embedded engine is one per process: each block runs its own server, one after another.
function serverFor(env: Record<string, string>): { url: () => string } {
  let server: RunningServer | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lagom-proxy-'));
    server = await startServer(
      loadConfig({
        PORT: '0', HOST: '127.0.0.1', LAGOM_DATA_DIR: dir, LAGOM_LOG_LEVEL: 'silent',
        LAGOM_ADMIN_EMAIL: EMAIL, LAGOM_ADMIN_PASSWORD: PASSWORD, ...env,
      }),
    );
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { url: () => server!.url };
}

interface Answer {
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

/**
 * A POST with the headers a proxy sends, Host included (fetch() may not set Host), so node:http.
 */
function post(url: string, path: string, headers: Record<string, string>, body: object): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (name) => [res.headers[name.toLowerCase()] ?? []].flat().join(', ') || null },
          json: async () => JSON.parse(text) as unknown,
        }),
      );
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const login = (url: string, headers: Record<string, string>) => post(url, '/api/auth/login', headers, { email: EMAIL, password: PASSWORD });

describe('behind a TLS-terminating proxy (LAGOM_TRUST_PROXY=1, LAGOM_PUBLIC_URL=https://…)', () => {
  const server = serverFor({ LAGOM_TRUST_PROXY: '1', LAGOM_PUBLIC_URL: PUBLIC });
  // What nginx sends upstream, from docs/deployment.md.
  const proxied = { host: 'stats.example.test', 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' };

  it('signs in from the public https origin with a Secure, HttpOnly session cookie', async () => {
    const res = await login(server.url(), { ...proxied, origin: PUBLIC, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lagom_session=/);
    expect(cookie).toMatch(/;\s*secure/i);
    expect(cookie).toMatch(/;\s*httponly/i);
    // The session works for a cookie-authenticated write from the same origin.
    const key = await post(server.url(), '/api/keys', { ...proxied, origin: PUBLIC, cookie: cookie.split(';')[0]! }, { name: 'behind the proxy' });
    expect(key.status).toBe(201);
  });

  it('compares Origin with LAGOM_PUBLIC_URL, not with headers a client can send', async () => {
    // A client that forges the forwarded host cannot make its own origin "ours".
    const forged = await login(server.url(), { ...proxied, 'x-forwarded-host': 'evil.example', origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: 'Cross-origin request refused' });
    // Nor does the plain-HTTP address of the upstream count as the public origin.
    expect((await login(server.url(), { origin: server.url() })).status).toBe(403);
  });
});

describe('with LAGOM_PUBLIC_URL=https://… and no proxy setting', () => {
  const server = serverFor({ LAGOM_PUBLIC_URL: PUBLIC });

  it('sets a Secure cookie over the plain-HTTP hop instead of failing with a 500', async () => {
    const res = await login(server.url(), { origin: PUBLIC });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*secure/i);
  });
});

const forwarded = { host: 'stats.example.test', 'x-forwarded-proto': 'https', origin: 'https://stats.example.test' };

describe('without LAGOM_PUBLIC_URL, behind a trusted proxy', () => {
  const server = serverFor({ LAGOM_TRUST_PROXY: '1' });

  it('takes scheme and host from the proxy', async () => {
    const res = await login(server.url(), forwarded);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*secure/i);
  });
});

describe('without LAGOM_PUBLIC_URL, facing the internet', () => {
  const server = serverFor({});

  it('believes no client about scheme and host', async () => {
    expect((await login(server.url(), forwarded)).status).toBe(403);
    const plain = await login(server.url(), { origin: server.url() });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('set-cookie')).not.toMatch(/;\s*secure/i);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from '../../bench/lib.js';
import { loadConfig } from '../../server/core/config.js';
import { startServer, type RunningServer, type StartOptions } from '../../server/main.js';

export interface TestLagom {
  url: string;
  dataDir: string;
  email: string;
  password: string;
  /** an API key with full access, for the Stats and Sites APIs */
  apiKey: string;
  server: RunningServer;
  /** writes every buffered (and spooled) event to the store now */
  flush(timeoutMs?: number): Promise<void>;
  /** registers a site through the Sites API */
  addSite(domain: string, timezone?: string): Promise<void>;
  /** changes a site's settings (PUT /api/v1/sites/:domain) and answers the site */
  configureSite(domain: string, settings: Record<string, unknown>): Promise<any>;
  /** GET a Stats API path (e.g. "aggregate") with query parameters; returns parsed JSON */
  stats(path: string, params: Record<string, string>): Promise<any>;
  stop(): Promise<void>;
}

/**
 * Starts a real Lagom on 127.0.0.1 (random port) with the embedded engine in a fresh
 * temporary directory, an owner account and an API key. One per test file: the engine is one
 * per process.
 */
export async function startLagom(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestLagom> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lagom-test-'));
  const email = 'owner@example.com';
  const password = 'correct horse battery staple';
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LAGOM_DATA_DIR: dataDir,
    LAGOM_ADMIN_EMAIL: email,
    LAGOM_ADMIN_PASSWORD: password,
    LAGOM_LOG_LEVEL: process.env.LAGOM_TEST_LOG_LEVEL ?? 'silent',
    LAGOM_FLUSH_INTERVAL_MS: '60000',
    ...env,
  });
  const server = await startServer(config, options);
  const url = server.url;

  const cookie = await signIn(url, { email, password });
  const keyRes = await fetch(`${url}/api/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify({ name: 'tests' }),
  });
  if (keyRes.status !== 201) throw new Error(`key failed: ${keyRes.status} ${await keyRes.text()}`);
  const { key: apiKey } = (await keyRes.json()) as { key: string };
  const auth = { authorization: `Bearer ${apiKey}` };

  return {
    url,
    dataDir,
    email,
    password,
    apiKey,
    server,
    flush: (timeoutMs) => server.writer.drained(timeoutMs),
    async addSite(domain, timezone = 'UTC') {
      const res = await fetch(`${url}/api/v1/sites`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ domain, timezone }),
      });
      if (res.status !== 200) throw new Error(`add site failed: ${res.status} ${await res.text()}`);
    },
    async configureSite(domain, settings) {
      const res = await fetch(`${url}/api/v1/sites/${encodeURIComponent(domain)}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(settings),
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`configure site failed: ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    async stats(path, params) {
      const res = await fetch(`${url}/api/v1/stats/${path}?${new URLSearchParams(params)}`, { headers: auth });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`stats ${path} ${res.status}: ${JSON.stringify(body)}`);
      return body;
    },
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

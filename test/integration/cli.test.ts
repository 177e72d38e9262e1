import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvent } from '../helpers/events.js';
import { cliServers, loginCookie, runCli, waitFor, type LagomProcess } from '../helpers/process.js';

// The path a newcomer takes: the built CLI, a first-run setup link, events, a clean stop.
let dataDir: string;
let url = '';
const servers = cliServers();
const env = () => ({ PORT: '0', HOST: '127.0.0.1', LAGOM_DATA_DIR: dataDir, LAGOM_FLUSH_INTERVAL_MS: '3600000' });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lagom-cli-'));
});
afterAll(async () => {
  // A test that failed before its stop leaves its server running on the data directory.
  await servers.stopAll();
  await rm(dataDir, { recursive: true, force: true });
});

const start = async () => {
  const p = await servers.start(env());
  url = p.url;
  return p;
};

describe('lagom start', () => {
  let first: LagomProcess;
  let cookie = '';

  it('prints the dashboard address and a one-time setup link when no owner exists', async () => {
    first = await start();
    const out = first.output();
    expect(out).toMatch(/Dashboard:  http:\/\/127\.0\.0\.1:\d+\//);
    const link = /open (http:\S+\/setup\?token=(\S+))/.exec(out);
    expect(link).not.toBeNull();
    const token = link![2]!;

    const setup = (t: string) =>
      fetch(`${url}/api/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ token: t, email: 'me@example.com', password: 'a long password' }),
      });
    // invalid_setup_token is a 404, the form's answer as the link check's.
    const wrong = await setup('wrong-token');
    expect([wrong.status, await wrong.json()]).toEqual([404, { error: 'This setup link is no longer valid', code: 'invalid_setup_token' }]);
    const ok = await setup(token);
    expect(ok.status).toBe(200);
    cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(ok.headers.get('set-cookie')).toMatch(/httponly/i);
    expect(ok.headers.get('set-cookie')).toMatch(/samesite=lax/i);
    expect((await setup(token)).status).toBe(404);
  });

  it('refuses a second process on the same data directory with a plain message', async () => {
    const second = runCli(['start'], env());
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by a running Lagom (PID ${first.child.pid})`);
  });

  it('lagom rollup says plainly that the running server holds the data directory', async () => {
    const rollup = runCli(['rollup'], env());
    expect(await rollup.exited).toBe(1);
    expect(rollup.output()).toContain('in use by a running Lagom');
    expect(rollup.output()).toContain('rolls up on its own');
  });

  it('writes buffered events on SIGTERM and keeps them across a restart', async () => {
    const res = await fetch(`${url}/api/v1/sites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie },
      body: JSON.stringify({ domain: 'cli.test', timezone: 'UTC' }),
    });
    expect(res.status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const e = await postEvent(url, { n: 'pageview', u: `https://cli.test/p${i}`, d: 'cli.test', fp: 1, fv: i === 0 ? 1 : undefined });
      expect(e.status).toBe(202);
    }
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const again = await start();
    try {
      expect(again.output()).toContain('Log in with the owner account');
      const session = await loginCookie(url, 'me@example.com', 'a long password');
      const stats = await fetch(`${url}/api/v1/stats/aggregate?site_id=cli.test&period=day&metrics=visitors,pageviews`, {
        headers: { cookie: session },
      });
      expect(await stats.json()).toEqual({ results: { visitors: { value: 1 }, pageviews: { value: 5 } } });
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });

  it('loses nothing it accepted when SIGTERM arrives in the middle of a burst', async () => {
    const p = await start();
    let accepted = 0;
    let stopped = false;
    const sender = async (worker: number) => {
      for (let i = 0; i < 200; i++) {
        try {
          const res = await postEvent(url, { n: 'pageview', u: `https://cli.test/burst/${worker}`, d: 'cli.test' });
          if (res.status === 202) accepted += 1;
        } catch {
          if (stopped) return; // the server has closed its port
        }
      }
    };
    const senders = Promise.all([0, 1, 2, 3].map(sender));
    await waitFor(() => accepted >= 100, '100 accepted events');
    stopped = true;
    p.child.kill('SIGTERM');
    await senders;
    expect(await p.exited).toBe(0);
    expect(accepted).toBeGreaterThanOrEqual(100);

    const again = await start();
    try {
      const session = await loginCookie(url, 'me@example.com', 'a long password');
      const stats = await fetch(
        `${url}/api/v1/stats/aggregate?site_id=cli.test&period=day&metrics=pageviews&filters=${encodeURIComponent('event:page==/burst/*')}`,
        { headers: { cookie: session } },
      );
      expect(await stats.json()).toEqual({ results: { pageviews: { value: accepted } } });
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });

  it('lagom rollup runs when the server is stopped', async () => {
    const rollup = runCli(['rollup'], { ...env(), LAGOM_HOURLY_DAYS: '30', LAGOM_RETENTION_DAYS: '400' });
    expect(await rollup.exited).toBe(0);
    expect(rollup.output()).toMatch(/Rolled up 0 day\(s\) older than 30 days; deleted data older than 400 days/);
    const bad = runCli(['rollup'], { ...env(), LAGOM_HOURLY_DAYS: '30', LAGOM_RETENTION_DAYS: '7' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('LAGOM_RETENTION_DAYS (7) must not be shorter than LAGOM_HOURLY_DAYS (30)');
  });
});

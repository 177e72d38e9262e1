import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvent } from '../helpers/events.js';
import { loginCookie, runCli, startCli, stopCli } from '../helpers/process.js';

let dataDir: string;
let backupDir: string;
let url = '';
const env = () => ({
  PORT: '0', HOST: '127.0.0.1', LAGOM_DATA_DIR: dataDir,
  LAGOM_ADMIN_EMAIL: 'me@example.com', LAGOM_ADMIN_PASSWORD: 'a long password',
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lagom-backup-data-'));
  backupDir = join(await mkdtemp(join(tmpdir(), 'lagom-backup-')), 'copy');
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(join(backupDir, '..'), { recursive: true, force: true });
});

const start = async () => {
  const p = await startCli(env());
  url = p.url;
  return p;
};
const stop = stopCli;
const session = () => loginCookie(url, 'me@example.com', 'a long password');
async function answers(cookie: string): Promise<unknown[]> {
  // Today, where the events are (7d and 30d leave today out, as Plausible's).
  const q = 'site_id=b.test&period=day';
  const paths = [
    `aggregate?${q}&metrics=visitors,visits,pageviews,bounce_rate,visit_duration,events`,
    `timeseries?${q}&metrics=visitors,pageviews`,
    `breakdown?${q}&property=event:page&metrics=visitors,pageviews`,
    `breakdown?${q}&property=visit:browser&metrics=visitors`,
  ];
  return Promise.all(paths.map(async (p) => (await fetch(`${url}/api/v1/stats/${p}`, { headers: { cookie } })).json()));
}
async function send(paths: string[]): Promise<void> {
  for (const p of paths) expect((await postEvent(url, { n: 'pageview', u: `https://b.test${p}`, d: 'b.test', fv: 1, fp: 1, fs: 1, b: 1 })).status).toBe(202);
}

describe('lagom backup / restore', () => {
  it('round-trips every Stats API answer', async () => {
    let server = await start();
    const cookie = await session();
    await fetch(`${url}/api/v1/sites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie },
      body: JSON.stringify({ domain: 'b.test', timezone: 'Europe/Stockholm' }),
    });
    await send(['/', '/a', '/a', '/b']);

    const busy = runCli(['backup', backupDir], env());
    expect(await busy.exited).toBe(1);
    expect(busy.output()).toContain('Stop it before lagom backup');

    await stop(server);
    server = await start();
    const before = await answers(await session());
    await stop(server);

    const made = runCli(['backup', backupDir], env());
    expect(await made.exited).toBe(0);
    expect(made.output()).toContain(`Backed up ${dataDir} to ${backupDir}`);

    server = await start();
    await send(['/after-backup', '/after-backup']);
    await stop(server);
    server = await start();
    expect(await answers(await session())).not.toEqual(before);
    await stop(server);

    const restored = runCli(['restore', backupDir], env());
    expect(await restored.exited).toBe(0);
    expect(restored.output()).toContain('The data it replaced is in');

    server = await start();
    try {
      expect(await answers(await session())).toEqual(before);
    } finally {
      await stop(server);
    }
    const notBackup = runCli(['restore', dataDir], env());
    expect(await notBackup.exited).toBe(1);
    expect(notBackup.output()).toContain('is not a Lagom backup');
  });
});

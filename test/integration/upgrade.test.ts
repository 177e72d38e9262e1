import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/core/config.js';
import { addDays, todayIn } from '../../server/stats/params.js';
import { openStore } from '../../server/store/client.js';
import { tableRows } from '../../server/store/inspect.js';
import { migrations } from '../../server/store/migrations/index.js';
import { BOT_UA, CHROME_UA, FIREFOX_UA, IPHONE_UA, postEvent } from '../helpers/events.js';
import { cliServers, loginCookie, stopCli, type LagomProcess } from '../helpers/process.js';
import { checkoutRelease, releaseCommit, type ReleaseCheckout } from '../helpers/release.js';

// An owner upgrades in place: the data directory that release 0.1.0 filled (the commit
// CHANGELOG.md names) is taken over by the current code, which must apply only the migrations
// that are new, each once, and answer exactly as the old release did.
const RELEASE = '0.1.0';
const SITE = 'upgrade.test';
const TZ = 'Europe/Stockholm';
const EMAIL = 'owner@upgrade.test';
const PASSWORD = 'a password from the old release';

let release: ReleaseCheckout;
let dataDir = '';
const servers = cliServers();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lagom-upgrade-'));
  release = await checkoutRelease(releaseCommit(RELEASE));
}, 120_000);

afterAll(async () => {
  await servers.stopAll();
  await release?.remove();
  await rm(dataDir, { recursive: true, force: true });
});

/** `lagom start` of the release (`cwd`) or of this checkout, on the one data directory. */
async function start(options: { cwd?: string; env?: Record<string, string> } = {}) {
  return servers.start(
    { PORT: '0', HOST: '127.0.0.1', LAGOM_DATA_DIR: dataDir, LAGOM_FLUSH_INTERVAL_MS: '200', LAGOM_LOG_LEVEL: 'info', ...options.env },
    { cwd: options.cwd },
  );
}
async function stop(p: LagomProcess): Promise<string> {
  expect(await stopCli(p)).toBe(0);
  return p.output();
}

/** The migration ids a server's log says it applied (main.ts logs "migrations applied"). */
function appliedMigrations(output: string): string[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    const entry = JSON.parse(line) as { msg?: string; applied?: string[] };
    return entry.msg === 'migrations applied' ? (entry.applied ?? []) : [];
  });
}

const page = (path: string) => `https://${SITE}${path}`;
/** Four visits as the tracker sends them (docs/wire-format.md), the last event a pageview. */
function traffic(): Array<{ ua: string; event: Record<string, unknown> }> {
  const google = { r: 'https://www.google.com/', e: '/', q: '' };
  const hn = { r: 'https://news.ycombinator.com/', e: '/blog/lagom', q: 'utm_source=hn&utm_medium=social&utm_campaign=launch' };
  const direct = { r: '', e: '/', q: '' };
  const first = { fv: 1, fm: 1, fp: 1, fs: 1, b: 1, dd: 0, xp: '' };
  const d = SITE;
  return [
    { ua: BOT_UA, event: { n: 'pageview', u: page('/'), d, ...first, ...direct } },
    { ua: CHROME_UA, event: { n: 'pageview', u: page('/'), d, w: 1280, ...first, ...google } },
    { ua: IPHONE_UA, event: { n: 'pageview', u: page('/blog/lagom'), d, w: 390, ...first, ...hn } },
    { ua: CHROME_UA, event: { n: 'pageview', u: page('/pricing'), d, w: 1280, fp: 1, b: -1, dd: 12_000, xp: '/', ...google } },
    { ua: FIREFOX_UA, event: { n: 'pageview', u: page('/'), d, w: 1920, ...first, ...direct } },
    { ua: CHROME_UA, event: { n: 'Signup', u: page('/pricing'), d, w: 1280, fg: 1, dd: 4_000, p: { plan: 'pro', seats: 3 }, ...google } },
    { ua: IPHONE_UA, event: { n: 'engagement', u: page('/blog/lagom'), d, w: 390, t: 42_000, s: 100, dd: 42_000, ...hn } },
    { ua: CHROME_UA, event: { n: 'engagement', u: page('/pricing'), d, w: 1280, t: 15_000, s: 75, dd: 2_000, ...google } },
    { ua: FIREFOX_UA, event: { n: 'pageview', u: page('/about'), d, w: 1920, fp: 1, b: -1, dd: 8_000, xp: '/', ...direct } },
    { ua: FIREFOX_UA, event: { n: 'Download', u: page('/about'), d, w: 1920, fg: 1, dd: 3_000, p: { file: 'lagom.pdf' }, ...direct } },
    { ua: CHROME_UA, event: { n: 'pageview', u: page('/pricing'), d, w: 1280, ...first, e: '/pricing', r: '', q: '' } },
  ];
}
const PAGEVIEWS = 6;

/**
 * Stats API questions with fixed dates: the day the events were sent (in the site's time zone)
 * and ranges that also hold the next day, should the traffic straddle midnight. Nothing here
 * depends on when it is asked, so the old and the new server must answer alike.
 */
const totalsPath = (day: string) => statsPaths(day)[0]!;
function statsPaths(day: string): string[] {
  const next = addDays(day, 1);
  const s = `site_id=${SITE}`;
  const both = `${s}&period=custom&date=${day},${next}`;
  const all = 'visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration,events,scroll_depth,time_on_page';
  const filter = (f: string) => `filters=${encodeURIComponent(f)}`;
  const breakdown = (property: string, metrics: string, extra = '') => `breakdown?${both}&property=${property}&metrics=${metrics}${extra}`;
  return [
    `aggregate?${both}&metrics=${all}`,
    `aggregate?${s}&period=day&date=${day}&metrics=${all}`,
    `aggregate?${s}&period=7d&date=${next}&metrics=visitors,pageviews,bounce_rate,visit_duration&compare=previous_period`,
    `aggregate?${both}&metrics=visitors,pageviews,bounce_rate&${filter('visit:source==Google')}`,
    `aggregate?${both}&metrics=visitors,pageviews&${filter('event:page==/blog/**|/pricing')}`,
    `timeseries?${s}&period=day&date=${day}&metrics=visitors,visits,pageviews&interval=hour`,
    `timeseries?${s}&period=7d&date=${next}&metrics=visitors,pageviews,bounce_rate,visit_duration`,
    `timeseries?${s}&period=month&date=${day}&metrics=visitors,pageviews&interval=week`,
    breakdown('event:page', 'visitors,pageviews,bounce_rate,time_on_page,scroll_depth'),
    breakdown('event:page', 'visitors', '&limit=1&page=2'),
    breakdown('event:hostname', 'visitors,pageviews'),
    breakdown('event:goal', 'visitors,events'),
    breakdown('event:props', 'visitors,events'),
    breakdown('event:props:plan', 'visitors,events'),
    breakdown('event:props:file', 'visitors,events', `&${filter('visit:source==Direct / None')}`),
    breakdown('visit:source', 'visitors,visits,bounce_rate,visit_duration'),
    breakdown('visit:referrer', 'visitors,visits'),
    breakdown('visit:entry_page', 'visitors,visits,bounce_rate'),
    breakdown('visit:exit_page', 'visits'),
    breakdown('visit:utm_source', 'visitors'),
    breakdown('visit:utm_campaign', 'visitors,pageviews'),
    breakdown('visit:browser', 'visitors,pageviews'),
    breakdown('visit:os', 'visitors'),
    breakdown('visit:device', 'visitors,bounce_rate'),
  ].map((p) => `/api/v1/stats/${p}`);
}

interface Answer {
  status: number;
  body: unknown;
}
const pageviews = (a: Answer | undefined) => (a?.body as { results?: { pageviews?: { value: number } } }).results?.pageviews?.value;
async function get(url: string, path: string, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${url}${path}`, { headers });
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('json')) {
    // The CSV export: rows in a set order only as far as its ORDER BY goes.
    return { status: res.status, body: text.split('\n').filter(Boolean).sort() };
  }
  return { status: res.status, body: JSON.parse(text) };
}

/** What an owner and a shared link's visitors get to see, keyed by what was asked. */
interface Access {
  day: string;
  apiKey: string;
  session: string;
  open: string;
  locked: { token: string; cookie: string };
}
async function answers(url: string, a: Access): Promise<Record<string, Answer>> {
  const key = { authorization: `Bearer ${a.apiKey}` };
  const asked: Array<[string, string, Record<string, string>]> = [
    ...statsPaths(a.day).map((p): [string, string, Record<string, string>] => ['key', p, key]),
    ['key', '/api/v1/sites', key],
    ['key', `/api/v1/sites/${SITE}`, key],
    ['key', `/api/v1/sites/${SITE}/shared-links`, key],
    ['key', `/api/v1/sites/${SITE}/export`, key],
    ['key', '/api/keys', key],
    ['session', '/api/auth/me', { cookie: a.session }],
    ['session', totalsPath(a.day), { cookie: a.session }],
    ['share', `/api/share/${a.open}`, {}],
    ['share', totalsPath(a.day), { 'x-lagom-share': a.open }],
    ['locked share', `/api/share/${a.locked.token}`, { cookie: a.locked.cookie }],
    ['locked share', totalsPath(a.day), { 'x-lagom-share': a.locked.token, cookie: a.locked.cookie }],
  ];
  const out: Record<string, Answer> = {};
  for (const [who, path, headers] of asked) out[`${who} ${path}`] = await get(url, path, headers);
  return out;
}

async function post<T>(url: string, path: string, headers: Record<string, string>, body: unknown): Promise<{ body: T; cookie: string }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${text}`);
  return { body: JSON.parse(text) as T, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

/** Release 0.1.0 on a fresh data directory: owner, key, site, shared links and traffic. */
async function fillWithRelease(): Promise<{ access: Access; applied: string[] }> {
  const old = await start({ cwd: release.dir, env: { LAGOM_ADMIN_EMAIL: EMAIL, LAGOM_ADMIN_PASSWORD: PASSWORD } });
  const session = await loginCookie(old.url, EMAIL, PASSWORD);
  const { key: apiKey } = (await post<{ key: string }>(old.url, '/api/keys', { cookie: session }, { name: 'from 0.1.0' })).body;
  const key = { authorization: `Bearer ${apiKey}` };
  await post(old.url, '/api/v1/sites', key, { domain: SITE, timezone: TZ });
  const share = async (link: Record<string, string>) =>
    (await post<{ url: string }>(old.url, `/api/v1/sites/${SITE}/shared-links`, key, link)).body.url.replace('/share/', '');
  const open = await share({ name: 'team' });
  const lockedToken = await share({ name: 'board', password: 'shared secret' });
  const unlocked = await post(old.url, `/api/share/${lockedToken}/unlock`, {}, { password: 'shared secret' });

  // Computed once: the day every question is asked about, whenever it is asked.
  const day = todayIn(TZ);
  for (const { ua, event } of traffic()) {
    const res = await postEvent(old.url, event, { 'user-agent': ua });
    expect(res.status, JSON.stringify(event)).toBe(202);
    expect(res.headers.get('x-lagom-dropped'), ua).toBe(ua === BOT_UA ? 'bot' : null);
  }
  const access: Access = { day, apiKey, session, open, locked: { token: lockedToken, cookie: unlocked.cookie } };
  const counted = async () => pageviews(await get(old.url, totalsPath(day), key));
  const end = Date.now() + 10_000;
  while ((await counted()) !== PAGEVIEWS && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  expect(await counted()).toBe(PAGEVIEWS);
  return { access, applied: appliedMigrations(await stop(old)) };
}

/**
 * Every Stats API answer must be exactly the release's. The management answers (sites, links,
 * keys, export) must keep every field and value the release gave; a field a later release adds
 * is allowed there (and written in CHANGELOG.md), a removed or changed one is not.
 */
function expectAnswersAsBefore(now: Record<string, Answer>, then: Record<string, Answer>, day: string): void {
  expect.soft(Object.keys(now).sort()).toEqual(Object.keys(then).sort());
  for (const [asked, answer] of Object.entries(then)) {
    const got = now[asked];
    const changed = Object.entries(changedOnPurpose(day)).find(([path]) => asked.endsWith(path));
    if (changed) expect.soft(got, `${asked} (changed on purpose)`).toEqual({ status: 200, body: changed[1] });
    else if (asked.includes('/api/v1/stats/')) expect.soft(got, asked).toEqual(answer);
    else if (Array.isArray(answer.body)) expect.soft({ ...got, body: csvColumns(got?.body, answer.body) }, asked).toEqual(answer);
    else expect.soft(got, asked).toMatchObject(answer as object);
  }
}

/**
 * Answers a release changed on purpose, each written in CHANGELOG.md: what the current code
 * must answer instead of the release's.
 */
function changedOnPurpose(day: string): Record<string, unknown> {
  const next = addDays(day, 1);
  const empty = { visitors: 0, pageviews: 0, bounce_rate: 0, visit_duration: null };
  return {
    ...CHANGED_ON_PURPOSE,
    // 0.2.0: 7d is the 7 days before `date` (Plausible's since 2025): the traffic's day and the
    // six before it, where 0.1.0 took the traffic's day, the next day and five before. The
    // comparison names its previous value (comparison_value); a bounce rate after a period
    // without one has no change (null), and an empty day's visit duration is null.
    [`&period=7d&date=${next}&metrics=visitors,pageviews,bounce_rate,visit_duration&compare=previous_period`]: {
      results: {
        visitors: { value: 4, change: 100, comparison_value: 0 },
        pageviews: { value: 6, change: 100, comparison_value: 0 },
        bounce_rate: { value: 50, change: null, comparison_value: 0 },
        visit_duration: { value: 18, change: 100, comparison_value: 0 },
      },
    },
    [`&period=7d&date=${next}&metrics=visitors,pageviews,bounce_rate,visit_duration`]: {
      results: [
        ...[6, 5, 4, 3, 2, 1].map((back) => ({ date: addDays(day, -back), ...empty })),
        { date: day, visitors: 4, pageviews: 6, bounce_rate: 50, visit_duration: 18 },
      ],
    },
  };
}

const CHANGED_ON_PURPOSE: Record<string, unknown> = {
  // 0.2.0: a custom-property breakdown answers Plausible's "(none)" row, the events without the
  // property and the visitors counted on them (CHANGELOG.md).
  '&property=event:props:plan&metrics=visitors,events': {
    results: [
      { plan: '(none)', visitors: 5, events: 7 },
      { plan: 'pro', visitors: 1, events: 1 },
    ],
  },
  '&property=event:props:file&metrics=visitors,events&filters=visit%3Asource%3D%3DDirect%20%2F%20None': {
    results: [
      { file: '(none)', visitors: 2, events: 3 },
      { file: 'lagom.pdf', visitors: 1, events: 1 },
    ],
  },
  // 0.2.0: in a page breakdown, bounce rate is that of the visits that entered on the page
  // (Plausible's): both visits that entered on "/" went on; the only one that entered on
  // "/pricing" bounced. Time on page of a page without engagement events is the gap to the
  // next pageview, which 0.1.0 did not record: null (nothing to average), was 0.
  '&property=event:page&metrics=visitors,pageviews,bounce_rate,time_on_page,scroll_depth': {
    results: [
      { page: '/', visitors: 2, pageviews: 2, bounce_rate: 0, time_on_page: null, scroll_depth: 0 },
      { page: '/pricing', visitors: 2, pageviews: 2, bounce_rate: 100, time_on_page: 8, scroll_depth: 75 },
      { page: '/about', visitors: 1, pageviews: 1, bounce_rate: 0, time_on_page: null, scroll_depth: 0 },
      { page: '/blog/lagom', visitors: 1, pageviews: 1, bounce_rate: 100, time_on_page: 42, scroll_depth: 100 },
    ],
  },
};

/** One CSV line of the export split into its fields as written (quotes kept). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  return [...out, field];
}

/**
 * The export's lines reduced to the release's columns, sorted: a column a later release adds
 * (written in CHANGELOG.md) is allowed, a removed or changed one is not.
 */
function csvColumns(now: unknown, then: string[]): unknown {
  if (!Array.isArray(now)) return now;
  const header = (lines: string[]) => csvFields(lines.find((l) => l.startsWith('"granularity"')) ?? '');
  const current = header(now as string[]);
  const at = header(then).map((c) => current.indexOf(c));
  if (at.includes(-1)) return now;
  return (now as string[]).map((line) => at.map((i) => csvFields(line)[i]).join(',')).sort();
}

describe(`upgrading from release ${RELEASE}`, () => {
  const current = migrations.map((m) => m.id);
  let access: Access;
  let before: Record<string, Answer>;
  let oldMigrations: string[] = [];
  let upgradedAt = 0;

  it('the release fills a data directory', async () => {
    expect(release.version).toBe(RELEASE);
    console.info(`release ${RELEASE} built in ${release.buildSeconds.tsc} s (tsc) + ${release.buildSeconds.assets} s (tracker, dashboard)`);
    const filled = await fillWithRelease();
    access = filled.access;
    oldMigrations = filled.applied;
    expect(oldMigrations.length).toBeGreaterThan(0);
    expect(current.slice(0, oldMigrations.length), 'released migrations are never reordered or removed').toEqual(oldMigrations);

    // Asked after a restart, when SIGTERM has written every buffered event.
    const old = await start({ cwd: release.dir });
    before = await answers(old.url, access);
    await stop(old);
    for (const [asked, answer] of Object.entries(before)) expect(answer.status, asked).toBe(200);
    expect(before[`key ${totalsPath(access.day)}`]!.body).toMatchObject({
      results: { visitors: { value: 4 }, visits: { value: 4 }, pageviews: { value: PAGEVIEWS } },
    });
  }, 60_000);

  it('the current code applies only the new migrations and answers as the release did', async () => {
    upgradedAt = Math.floor(Date.now() / 1000);
    const upgraded = await start();
    try {
      expect(upgraded.output()).not.toContain('/setup?token=');
      // Soft: a difference is reported, and the migration checks below still run.
      expectAnswersAsBefore(await answers(upgraded.url, access), before, access.day);
      const fresh = await loginCookie(upgraded.url, EMAIL, PASSWORD);
      // 0.2.0 adds the role and the sites in reach: the release's one account is an owner (0014_people).
      const me = await get(upgraded.url, '/api/auth/me', { cookie: fresh });
      expect.soft(me).toMatchObject(before['session /api/auth/me']!);
      expect.soft(me.body).toMatchObject({ role: 'owner', sites: null });
      // Migration 0008: the custom events the release counted (every one was a goal then) are
      // the site's configured goals now, so its Goals panel does not go empty.
      const goal = (id: number, name: string) => ({ id, goal_type: 'event', display_name: name, event_name: name, page_path: null, currency: null });
      expect.soft(await get(upgraded.url, `/api/v1/sites/goals?site_id=${SITE}`, { authorization: `Bearer ${access.apiKey}` })).toEqual({
        status: 200,
        body: { goals: [goal(2, 'Signup'), goal(1, 'Download')], meta: { after: null, before: null, limit: 100 } },
      });
    } finally {
      const applied = appliedMigrations(await stop(upgraded));
      console.info(`${RELEASE} applied ${oldMigrations.join(', ')}; the current code applied ${applied.join(', ') || 'none'}`);
      expect(applied).toEqual(current.slice(oldMigrations.length));
    }
  }, 60_000);

  it('a second start applies nothing, and each migration is recorded once', async () => {
    const again = await start();
    try {
      expectAnswersAsBefore(await answers(again.url, access), before, access.day);
    } finally {
      expect(appliedMigrations(await stop(again))).toEqual([]);
    }
    const store = await openStore(loadConfig({ LAGOM_DATA_DIR: dataDir, LAGOM_LOG_LEVEL: 'silent' }));
    try {
      const rows = (await tableRows(store, 'schema_migrations')) as Array<{ id: string; applied_at: string }>;
      expect(rows.map((r) => r.id).sort()).toEqual([...current].sort());
      const appliedAt = (id: string) => Date.parse(`${rows.find((r) => r.id === id)!.applied_at.replace(' ', 'T')}Z`) / 1000;
      for (const id of oldMigrations) expect(appliedAt(id), id).toBeLessThanOrEqual(upgradedAt);
      for (const id of current.slice(oldMigrations.length)) expect(appliedAt(id), id).toBeGreaterThanOrEqual(upgradedAt);
    } finally {
      await store.close();
    }
  }, 60_000);
});

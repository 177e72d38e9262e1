// The built tracker: its size budgets, its pinned versioned files, and what an auditor can
// check without a browser.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import {
  buildTracker,
  DEFAULT_FLAGS,
  FEATURE_FLAGS,
  flagMask,
  integrity,
  measure,
  SAMPLE_SITE,
  SITE_ALL_GZIP_BUDGET,
  SITE_MARKER,
  TRACKER_FLAGS,
  TRACKER_GZIP_BUDGET,
  TRACKER_VERSION,
  withSite,
  type TrackerBuild,
} from '../../scripts/build-tracker.mjs';
import pinned from '../../tracker/integrity.json' with { type: 'json' };

/** The consent tools' glue files, one per file in tracker/consent/. */
const CONSENT = readdirSync(new URL('../../tracker/consent/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `lagom-${f.slice(0, -3)}.js`)
  .sort();
const NAMES = ['lagom.js', 'lagom-extras.js', ...CONSENT];
const ALL = (1 << TRACKER_FLAGS.length) - 1;
/** every flag but cookie_domain: the scripts that keep localStorage */
const COOKIE = 1 << TRACKER_FLAGS.indexOf('cookie_domain');
const ALL_LOCAL = ALL & ~COOKIE;

describe('built tracker', () => {
  let dir: string;
  let logged: string[];
  let built: TrackerBuild;
  const code: Record<string, string> = {};
  /** a site script's code by mask, with SAMPLE_SITE written in */
  const site = (mask: number) => withSite(readFileSync(join(dir, 'site', `${mask}.js`)), SAMPLE_SITE).toString();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lagom-tracker-'));
    logged = [];
    built = await buildTracker(pathToFileURL(dir + '/'), { log: (line: string) => logged.push(line) });
    for (const name of Object.keys(built.files)) code[name] = await readFile(join(dir, name), 'utf8');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds the core, the extras and one file per consent tool, each also as a versioned copy', () => {
    const v = `.v${TRACKER_VERSION}.js`;
    expect(Object.keys(built.files).sort()).toEqual(
      [...NAMES, ...NAMES.map((name) => name.replace(/\.js$/, v))].sort(),
    );
    expect(CONSENT).toContain('lagom-banner.js');
  });

  it('builds a site script for every combination of features, each with its settings marker once', () => {
    expect(readdirSync(join(dir, 'site')).sort()).toEqual(Array.from({ length: ALL + 1 }, (_, m) => `${m}.js`).sort());
    for (const mask of [0, 1, 42, ALL]) {
      const raw = readFileSync(join(dir, 'site', `${mask}.js`), 'utf8');
      expect(raw.split(SITE_MARKER).length - 1, `site/${mask}.js`).toBe(1);
      expect(measure(Buffer.from(site(mask))), `site/${mask}.js`).toEqual(built.site[mask]);
    }
  });

  it('holds exactly the enabled features in a site script, and the generic core none of them', () => {
    // A text each feature cannot do without; absent where the feature is off.
    const MARKS: Record<string, string> = {
      engagement: '"engagement"',
      outbound_links: 'Outbound Link: Click',
      file_downloads: 'File Download',
      tagged_events: 'data-lagom-event',
      form_submissions: 'Form: Submission',
      track_404_pages: '"404"',
      revenue_tracking: '.revenue',
      pageview_props: 'data-prop-',
      page_goals: '.goals',
      cookie_domain: 'credentials:"omit"',
    };
    expect(Object.keys(MARKS).sort()).toEqual([...TRACKER_FLAGS].sort());
    for (const [bit, flag] of TRACKER_FLAGS.entries()) {
      const mark = MARKS[flag]!;
      expect(site(1 << bit), `${flag} on`).toContain(mark);
      expect(site(ALL & ~(1 << bit)), `${flag} off`).not.toContain(mark);
      expect(code['lagom.js'], `generic core: ${flag}`).not.toContain(mark);
    }
    expect(code['lagom-extras.js']).toContain('Outbound Link: Click');
  });

  it('keeps the default site script within the default budget and every feature within its own', () => {
    expect(DEFAULT_FLAGS.every((f) => TRACKER_FLAGS.includes(f))).toBe(true);
    expect(built.site[flagMask(DEFAULT_FLAGS)]!.gzip).toBeLessThanOrEqual(TRACKER_GZIP_BUDGET);
    expect(built.site[flagMask(FEATURE_FLAGS)]!.gzip).toBeLessThanOrEqual(SITE_ALL_GZIP_BUDGET);
    // The internal flags, page_goals and cookie_domain, are not features.
    expect(FEATURE_FLAGS.length).toBe(TRACKER_FLAGS.length - 2);
    const docs = readFileSync(new URL('../../docs/tracker.md', import.meta.url), 'utf8');
    expect(docs).toContain(`every feature on stays within ${SITE_ALL_GZIP_BUDGET.toLocaleString('en')} bytes gzip`);
  });

  it('keeps every file within its gzip budget, and the budgets are the ones docs/tracker.md promises', () => {
    // The budgets the build enforces are the ones docs/tracker.md promises (its "Stay small"
    // goal and its table of files): raising one in the code alone fails here.
    const docs = readFileSync(new URL('../../docs/tracker.md', import.meta.url), 'utf8');
    expect(docs).toContain(`The build fails when the core is above ${TRACKER_GZIP_BUDGET.toLocaleString('en')} bytes gzip.`);
    expect(built.files['lagom.js']!.budget).toBe(TRACKER_GZIP_BUDGET);
    for (const name of NAMES) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      const documented = Number(row?.split('|')[3]?.replace(/[*,\s]/g, ''));
      expect(documented, `${name} in docs/tracker.md`).toBe(built.files[name]!.budget);
    }
    for (const [name, size] of Object.entries(built.files)) {
      expect(size.gzip, name).toBeLessThanOrEqual(size.budget);
      expect({ raw: size.raw, gzip: size.gzip, brotli: size.brotli }, name).toEqual(measure(Buffer.from(code[name]!)));
    }
    expect(built.gzip).toBe(built.files['lagom.js']!.gzip);
  });

  it('reports raw, gzip and brotli bytes of every file', () => {
    for (const name of NAMES) {
      expect(logged.some((line) => line.startsWith(`tracker ${name}: `) && /\d+ B raw, \d+ B gzip, \d+ B brotli/.test(line)), name).toBe(true);
    }
  });

  it('fails the build when a file is over its budget', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lagom-tracker-over-'));
    try {
      await expect(
        buildTracker(pathToFileURL(out + '/'), { log: () => {}, budgets: { 'lagom.js': 1000 } }),
      ).rejects.toThrow(/lagom\.js is \d+ B gzip, over its budget of 1000 B/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('never changes a released versioned file: its bytes match the integrity recorded in tracker/integrity.json', () => {
    // A failure here means the tracker changed. If version N was released, bump TRACKER_VERSION
    // (scripts/build-tracker.mjs) and keep the old files in tracker/releases/; if not, record
    // the new values printed by the build.
    const versioned = Object.keys(built.files).filter((name) => /\.v\d+\.js$/.test(name));
    expect(Object.fromEntries(versioned.map((name) => [name, integrity(Buffer.from(code[name]!))]))).toEqual(
      Object.fromEntries(Object.entries(pinned).filter(([name]) => versioned.includes(name))),
    );
  });

  it('the versioned core loads the optional files of its own version; the current one the current ones; a site script the versioned ones', () => {
    expect(code['lagom.js']).toContain('lagom-${');
    expect(code['lagom.js']).not.toMatch(/\.v\d+\.js/);
    expect(site(0)).toContain(`.v${TRACKER_VERSION}.js`);
    expect(code[`lagom.v${TRACKER_VERSION}.js`]).toContain(`.v${TRACKER_VERSION}.js`);
  });

  it('uses no cookies and no storage besides localStorage, and only the core and the banner touch storage', () => {
    const sources = { ...code, 'site/all': site(ALL_LOCAL), 'site/0': site(0) };
    for (const [name, text] of Object.entries(sources)) {
      if (!text || /\.v\d+\.js$/.test(name)) continue;
      // vanilla-cookieconsent's events carry its own record as `detail.cookie`, which its glue
      // reads (never a cookie of Lagom's): there, only a cookie written counts.
      const cookie = name.startsWith('lagom-cookieconsent') ? /document\.cookie|\.cookie\s*=[^=]/ : /\.cookie\b/;
      for (const api of [cookie, /sessionStorage/, /indexedDB/, /\bcaches\b/, /XMLHttpRequest/, /openDatabase/]) {
        expect(text, `${name} ${api}`).not.toMatch(api);
      }
      if (!['lagom.js', 'lagom-banner.js', 'site/all', 'site/0'].includes(name)) expect(text, name).not.toContain('localStorage');
    }
  });

  it('with a cookie domain, touches cookies only to keep its keys on that domain, and sends without them', () => {
    for (const text of [site(COOKIE), site(ALL)]) {
      // One template writes every cookie, with the domain, the path and SameSite.
      expect(text.match(/\.cookie=/g)).toHaveLength(1);
      // (the value: a time as the end of its UTC day, anything else as it is)
      expect(text).toMatch(/\.cookie=`\$\{\w+\}=\$\{typeof \w+=="number"\?Math\.ceil\(\w+\/864e5\)\*864e5:\w+\};path=\/;domain=\$\{\w+\.cookieDomain\};max-age=\$\{\w+\};samesite=lax/);
      expect(text).not.toContain('sendBeacon');
      for (const api of [/sessionStorage/, /indexedDB/, /\bcaches\b/, /XMLHttpRequest/, /openDatabase/]) expect(text).not.toMatch(api);
      expect(new Set(text.match(/"lagom[a-z_]*"/g))).toEqual(new Set(['"lagom"', '"lagom_s"']));
    }
  });

  it('names only its two localStorage keys: the consent marker and the visit state', () => {
    for (const text of [code['lagom.js']!, site(ALL_LOCAL)]) {
      const keys = new Set(text.match(/"lagom[a-z_]*"/g));
      expect([...keys]).toEqual(['"lagom"', '"lagom_s"']);
    }
  });

  it('names a time zone only to read the site\'s date in the site\'s zone, never the visitor\'s zone', () => {
    for (const text of [code['lagom.js']!, site(ALL)]) {
      expect(text.match(/timeZone[^,}]*/g)).toEqual([expect.stringMatching(/^timeZone:\w+\.tz\|\|"UTC"$/)]);
    }
  });

  it('reads no fingerprinting surfaces beyond the screen width', () => {
    code['site/all'] = site(ALL);
    for (const name of [...NAMES, 'site/all']) {
      for (const api of [
        'userAgent', 'navigator.language', 'languages', 'platform', 'hardwareConcurrency', 'deviceMemory', 'getContext',
        'plugins', 'resolvedOptions', 'getTimezoneOffset', 'screen.height', 'colorDepth', 'devicePixelRatio', 'getBattery', 'connection',
      ]) {
        expect(code[name], `${name} ${api}`).not.toContain(api);
      }
    }
  });
});

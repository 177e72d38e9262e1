// The built tracker: its size budgets, its pinned versioned files, and what an auditor can
// check without a browser.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTracker,
  integrity,
  measure,
  TRACKER_FILES,
  TRACKER_GZIP_BUDGET,
  TRACKER_VERSION,
  type TrackerBuild,
} from '../../scripts/build-tracker.mjs';
import pinned from '../../tracker/integrity.json' with { type: 'json' };

const NAMES = Object.keys(TRACKER_FILES);

describe('built tracker', () => {
  let dir: string;
  let logged: string[];
  let built: TrackerBuild;
  const code: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lagom-tracker-'));
    logged = [];
    built = await buildTracker(pathToFileURL(dir + '/'), { log: (line: string) => logged.push(line) });
    for (const name of Object.keys(built.files)) code[name] = await readFile(join(dir, name), 'utf8');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds the core, the banner and the extras, each also as a versioned copy', () => {
    const v = `.v${TRACKER_VERSION}.js`;
    expect(Object.keys(built.files).sort()).toEqual(
      [...NAMES, ...NAMES.map((name) => name.replace(/\.js$/, v))].sort(),
    );
    expect(NAMES).toEqual(['lagom.js', 'lagom-banner.js', 'lagom-extras.js']);
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

  it('the versioned core loads the banner and extras of its own version; the current one the current ones', () => {
    expect(code['lagom.js']).toContain('lagom-${');
    expect(code['lagom.js']).not.toMatch(/\.v\d+\.js/);
    expect(code[`lagom.v${TRACKER_VERSION}.js`]).toContain(`.v${TRACKER_VERSION}.js`);
  });

  it('uses no cookies and no storage besides localStorage, and only the core touches storage', () => {
    for (const name of NAMES) {
      for (const api of ['cookie', 'sessionStorage', 'indexedDB', 'caches', 'XMLHttpRequest', 'openDatabase']) {
        expect(code[name], `${name} ${api}`).not.toContain(api);
      }
    }
    expect(code['lagom-banner.js']).not.toContain('localStorage');
    expect(code['lagom-extras.js']).not.toContain('localStorage');
  });

  it('names only its two localStorage keys: the consent marker and the visit state', () => {
    const keys = new Set(code['lagom.js']!.match(/"lagom[a-z_]*"/g));
    expect([...keys]).toEqual(['"lagom"', '"lagom_s"']);
  });

  it('reads no fingerprinting surfaces beyond the screen width', () => {
    for (const name of NAMES) {
      for (const api of [
        'userAgent', 'navigator.language', 'languages', 'platform', 'hardwareConcurrency', 'deviceMemory', 'getContext',
        'plugins', 'timeZone', 'timezone', 'screen.height', 'colorDepth', 'devicePixelRatio', 'getBattery', 'connection',
      ]) {
        expect(code[name], `${name} ${api}`).not.toContain(api);
      }
    }
  });
});

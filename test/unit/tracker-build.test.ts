// The built tracker: its size budget, and what an auditor can check without a browser.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTracker, measure, TRACKER_GZIP_BUDGET } from '../../scripts/build-tracker.mjs';

describe('built tracker', () => {
  let dir: string;
  let code: string;
  let logged: string[];
  let size: { raw: number; gzip: number; brotli: number };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lagom-tracker-'));
    logged = [];
    size = await buildTracker(pathToFileURL(dir + '/'), { log: (line: string) => logged.push(line) });
    code = await readFile(join(dir, 'lagom.js'), 'utf8');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('fits its gzip budget and reports raw, gzip and brotli bytes', () => {
    expect(size.gzip).toBeLessThanOrEqual(TRACKER_GZIP_BUDGET);
    expect(size).toEqual(measure(Buffer.from(code)));
    expect(logged.join('\n')).toMatch(/\d+ B raw, \d+ B gzip, \d+ B brotli/);
  });

  it('uses no cookies and no storage besides localStorage', () => {
    for (const api of ['cookie', 'sessionStorage', 'indexedDB', 'caches', 'XMLHttpRequest']) {
      expect(code).not.toContain(api);
    }
  });

  it('names only its two localStorage keys', () => {
    const keys = new Set(code.match(/"lagom[a-z_]*"/g));
    expect([...keys].sort()).toEqual(['"lagom"', '"lagom_consent"']);
  });

  it('reads no fingerprinting surfaces beyond the screen width', () => {
    for (const api of ['userAgent', 'language', 'platform', 'hardwareConcurrency', 'deviceMemory', 'getContext', 'plugins', 'timezone', 'screen.height', 'colorDepth']) {
      expect(code).not.toContain(api);
    }
  });
});

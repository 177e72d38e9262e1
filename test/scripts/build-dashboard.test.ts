// The dashboard's size budgets: the build measures what reaches the browser — on the sign-in
// page, and once signed in — and refuses to produce a dashboard over either.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_FILE, DASHBOARD_BUDGET_BYTES, SIGN_IN_BUDGET_BYTES, buildDashboard } from '../../scripts/build-dashboard.mjs';

describe('dashboard build', () => {
  const dirs: string[] = [];
  const outDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lagom-dashboard-build-'));
    dirs.push(dir);
    return pathToFileURL(`${dir}/`);
  };
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('stays within 80 kB gzip signed in, uPlot included, and 24 kB on the sign-in page, and says so', async () => {
    const lines: string[] = [];
    const dir = await outDir();
    writeFileSync(fileURLToPath(new URL('shell-OLDBUILD.js', dir)), '// an older build');
    const { gzip, signIn, files } = await buildDashboard(dir, { log: (l) => lines.push(l) });
    expect(gzip).toBeGreaterThan(10 * 1024);
    expect(gzip).toBeLessThanOrEqual(DASHBOARD_BUDGET_BYTES);
    expect(signIn).toBeGreaterThan(5 * 1024);
    expect(signIn).toBeLessThanOrEqual(SIGN_IN_BUDGET_BYTES);
    expect(lines.join('\n')).toMatch(/sign-in page loads \d+ files, gzip [\d.]+ kB of a 24\.0 kB budget/);
    expect(lines.join('\n')).toMatch(/signed in, \d+ files, gzip total [\d.]+ kB of a 80\.0 kB budget/);
    // The sign-in page holds neither the shell nor uPlot; the signed-in owner loads both.
    const code = (names: string[]) => names.filter((n) => n.endsWith('.js')).map((n) => readFileSync(new URL(n, dir), 'utf8')).join('\n');
    expect(files.signIn).toEqual(expect.arrayContaining(['app.js', 'app.css']));
    expect(files.signIn.some((n) => n.startsWith('shell-'))).toBe(false);
    expect(code(files.signIn)).not.toContain('u-over');
    expect(files.signedIn.some((n) => n.startsWith('shell-'))).toBe(true);
    expect(code(files.signedIn)).toContain('u-over');
    // One language is fetched, not both.
    expect(files.signIn.filter((n) => /^(en|sv)-/.test(n))).toHaveLength(1);
    // The page names app.js's chunks for the browser to fetch at once, and no other; the chunks of
    // an older build are gone.
    const html = readFileSync(new URL('index.html', dir), 'utf8');
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\/([^"]+)">/g)].map((m) => m[1]!);
    expect(preloaded.length).toBeGreaterThan(0);
    expect(preloaded.every((n) => CHUNK_FILE.test(n) && files.signIn.includes(n) && !/^(en|sv|shell)-/.test(n))).toBe(true);
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    expect(() => readFileSync(new URL('shell-OLDBUILD.js', dir))).toThrow();
    // The budgets the build applies by default are the ones docs/dashboard.md promises.
    const docs = readFileSync(new URL('../../docs/dashboard.md', import.meta.url), 'utf8');
    expect(docs).toContain(`together are over ${DASHBOARD_BUDGET_BYTES / 1024} kB gzip`);
    expect(docs).toContain(`over ${SIGN_IN_BUDGET_BYTES / 1024} kB gzip on the sign-in page`);
  });

  it('fails the build when the signed-in dashboard is over its budget', async () => {
    await expect(buildDashboard(await outDir(), { budget: 10 * 1024, log: () => {} })).rejects.toThrow(/signed-in dashboard is [\d.]+ kB gzip, over its budget of 10\.0 kB/);
  });

  it('fails the build when the sign-in page is over its budget', async () => {
    await expect(buildDashboard(await outDir(), { signInBudget: 5 * 1024, log: () => {} })).rejects.toThrow(/sign-in page is [\d.]+ kB gzip, over its budget of 5\.0 kB/);
  });
});

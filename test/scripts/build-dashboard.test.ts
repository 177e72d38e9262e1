// The dashboard's size budget: the build measures what reaches the browser and refuses to
// produce a dashboard over it.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DASHBOARD_BUDGET_BYTES, buildDashboard } from '../../scripts/build-dashboard.mjs';

describe('dashboard build', () => {
  const dirs: string[] = [];
  const outDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lagom-dashboard-build-'));
    dirs.push(dir);
    return pathToFileURL(`${dir}/`);
  };
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('stays within 80 kB gzip, uPlot included, and says so', async () => {
    const lines: string[] = [];
    const { gzip } = await buildDashboard(await outDir(), { log: (l) => lines.push(l) });
    expect(gzip).toBeGreaterThan(10 * 1024);
    expect(gzip).toBeLessThanOrEqual(DASHBOARD_BUDGET_BYTES);
    expect(lines.join('\n')).toMatch(/gzip total [\d.]+ kB of a 80\.0 kB budget/);
    // The budget the build applies by default is the one docs/dashboard.md promises.
    const docs = readFileSync(new URL('../../docs/dashboard.md', import.meta.url), 'utf8');
    expect(docs).toContain(`together are over ${DASHBOARD_BUDGET_BYTES / 1024} kB gzip`);
  });

  it('fails the build when it is over its budget', async () => {
    await expect(buildDashboard(await outDir(), { budget: 10 * 1024, log: () => {} })).rejects.toThrow(/over its budget of 10\.0 kB/);
  });
});

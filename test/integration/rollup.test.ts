import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBatch, type CounterRow } from '../../server/store/counters.js';
import { counterTotals, type CounterTable } from '../../server/store/inspect.js';
import { records } from '../../server/store/records.js';
import { rollup, type RollupOptions, type RollupStep } from '../../server/store/rollup.js';
import { ZERO_ROW } from '../../server/store/schema.js';
import { addDays, todayIn } from '../../server/stats/params.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

const site = 'rollup.test';
const tz = 'Europe/Stockholm';
let lagom: TestLagom;

function row(hourUtc: number, fields: Partial<CounterRow>): CounterRow {
  const zero = { ...ZERO_ROW, path: '/', hostname: site, entry_path: '/', country: 'SE', browser: 'Firefox', browser_version: '133', os: 'Linux', device: 'Desktop' };
  return { ...zero, site, hour: hourUtc, name: 'pageview', ...fields };
}

/** Rows on days before and after the 90-day boundary, at hours near midnight in the site's zone. */
function history(): CounterRow[] {
  const today = todayIn(tz);
  const out: CounterRow[] = [];
  const offsets = [130, 100, 92, 91, 90, 89, 30, 2];
  offsets.forEach((back, i) => {
    const midnightUtc = Date.parse(`${addDays(today, -back)}T00:00:00Z`) / 1000;
    for (const h of [-1, 0, 3, 22, 23]) {
      const hour = midnightUtc + h * 3600;
      const path = ['/', '/a', '/b/c'][(i + h + 3) % 3]!;
      out.push(row(hour, { path, events: 3, pageviews: 3, visitors: 2, page_visitors: 2, visits: 2, bounces: 1, exits: 2, duration_ms: 40_000, source: i % 2 ? 'Google' : '' }));
      out.push(row(hour, { name: 'Signup', path, events: 1, goal_visitors: 1, country: 'NO' }));
      out.push(row(hour, { name: 'Signup', path, events: 1, goal_visitors: 1, country: 'NO', prop_key: 'plan', prop_value: h > 0 ? 'pro' : 'free' }));
      out.push(row(hour, { path: '/a', exits: -1 }));
    }
  });
  return out;
}

async function snapshot(): Promise<unknown[]> {
  const today = todayIn(tz);
  const range = { site_id: site, period: 'custom', date: `${addDays(today, -200)},${today}` };
  const all = 'visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration,events';
  const out: unknown[] = [];
  out.push(await lagom.stats('aggregate', { ...range, metrics: all }));
  out.push(await lagom.stats('aggregate', { ...range, metrics: all, filters: 'event:page==/a|/b/**' }));
  out.push(await lagom.stats('aggregate', { site_id: site, period: '30d', metrics: all }));
  out.push(await lagom.stats('timeseries', { ...range, metrics: 'visitors,pageviews,events', interval: 'date' }));
  out.push(await lagom.stats('timeseries', { site_id: site, period: '12mo', metrics: 'visitors,pageviews', interval: 'month' }));
  out.push(await lagom.stats('timeseries', { ...range, metrics: 'visitors', interval: 'week' }));
  for (const property of ['event:page', 'visit:source', 'visit:country', 'event:goal', 'event:props:plan', 'visit:entry_page', 'visit:exit_page']) {
    out.push(await lagom.stats('breakdown', { ...range, property, metrics: 'visitors,events' }));
  }
  return out;
}

const count = async (table: CounterTable) => (await counterTotals(lagom.server.store, table)).events;

const options = (onStep?: RollupOptions['onStep']): RollupOptions => ({ hourlyDays: 90, today: todayIn, onStep });

let before: unknown[];
beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite(site, tz);
  await insertBatch(lagom.server.store, { token: 'history', counters: history().map((r) => JSON.stringify(r)), recent: [] });
  before = await snapshot();
});
afterAll(() => lagom.stop());

const sites = () => records(lagom.server.store).listSites();

const rolledDays = async () =>
  (await counterTotals(lagom.server.store, 'counters_hourly', { before: { date: addDays(todayIn(tz), -90), tz } })).rows;

describe('rollup', () => {
  it('gives every Stats API answer unchanged after stops between any two steps, a resume, and a second run', async () => {
    const total = await count('counters_hourly');
    expect(await rolledDays()).toBeGreaterThan(0);
    // Stop the job at each step in turn (on the second day it reaches that step), checking after
    // every stop that the API still answers exactly as before: no count lost, none doubled.
    for (const stopAt of ['insert', 'inserted', 'delete', 'deleted'] as RollupStep[]) {
      let seen = 0;
      const run = rollup(lagom.server.store, await sites(), options((step) => {
        if (step === stopAt && ++seen === 2) throw new Error(`stopped at ${step}`);
      }));
      await expect(run).rejects.toThrow(`stopped at ${stopAt}`);
      expect(await snapshot()).toEqual(before);
    }
    const report = await rollup(lagom.server.store, await sites(), options());
    expect(report.daysRolled).toBeGreaterThan(0);
    expect(await rolledDays()).toBe(0);
    expect(await count('counters_daily')).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);

    const again = await rollup(lagom.server.store, await sites(), options());
    expect(again.daysRolled).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect(total).toBeGreaterThan(0);
  });

  it('rolls late rows for an already rolled day as a new generation', async () => {
    const lateDay = addDays(todayIn(tz), -100);
    const hour = Date.parse(`${lateDay}T12:00:00Z`) / 1000;
    await insertBatch(lagom.server.store, { token: 'late', counters: [JSON.stringify(row(hour, { path: '/late', events: 5, pageviews: 5 }))], recent: [] });
    const range = { site_id: site, period: 'custom', date: `${lateDay},${lateDay}`, metrics: 'pageviews' };
    const withLate = await lagom.stats('aggregate', range);
    await rollup(lagom.server.store, await sites(), options());
    expect(await rolledDays()).toBe(0);
    expect(await lagom.stats('aggregate', range)).toEqual(withLate);
  });

  it('deletes daily rows past the retention period', async () => {
    await rollup(lagom.server.store, await sites(), { ...options(), retentionDays: 95 });
    const old = await lagom.stats('aggregate', { site_id: site, period: 'custom', date: `${addDays(todayIn(tz), -200)},${addDays(todayIn(tz), -96)}`, metrics: 'pageviews' });
    expect(old.results.pageviews.value).toBe(0);
    const kept = await lagom.stats('aggregate', { site_id: site, period: 'custom', date: `${addDays(todayIn(tz), -91)},${todayIn(tz)}`, metrics: 'pageviews' });
    expect(kept.results.pageviews.value).toBeGreaterThan(0);
  });
});

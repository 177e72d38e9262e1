import type { Store } from './client.js';
import { deleteTarget } from './ddl.js';
import { rows } from './query.js';
import { DIMENSIONS, GROUP_COLUMNS, METRIC_COLUMNS } from './schema.js';
import type { SiteRecord } from './records.js';
import { addDays } from '../../protocol/periods.js';

export interface RollupOptions {
  /** hourly rows are kept this many days, then rolled into daily rows */
  hourlyDays: number;
  /** daily rows older than this many days are deleted; undefined keeps them */
  retentionDays?: number;
  /** today in each site's time zone, YYYY-MM-DD (the clock is passed in) */
  today: (timezone: string) => string;
  /** called between the steps; tests throw from it to stop the job mid-way */
  onStep?: (step: RollupStep, where: { site: string; day: string }) => void | Promise<void>;
}

export type RollupStep = 'insert' | 'inserted' | 'delete' | 'deleted';

export interface RollupReport {
  daysRolled: number;
  rowsBefore: number;
  rowsAfter: number;
  retentionDeleted: boolean;
}

const version = () => Date.now() * 1000 + Math.floor(Math.random() * 1000);

/**
 * Rolls each site's hourly rows older than `hourlyDays` into daily rows, one day at a time:
 *   1. insert the day's sums into counters_daily as generation n, with a deduplication token
 *      for (site, day, n), so repeating the insert after a crash adds nothing;
 *   2. record "inserted, n" in rollup_log: from here on queries count the daily copy and skip
 *      the day's hourly rows (before it, the reverse), so no moment counts a row twice;
 *   3. delete the day's hourly rows;
 *   4. record "done, n".
 * A run that finds "inserted" resumes at step 3; one that finds hourly rows on a "done" day
 * (events that arrived late, e.g. from a spool) rolls them as generation n + 1.
 */
export async function rollup(store: Store, sites: SiteRecord[], options: RollupOptions): Promise<RollupReport> {
  const { db } = store;
  const report: RollupReport = { daysRolled: 0, rowsBefore: 0, rowsAfter: 0, retentionDeleted: false };
  for (const site of sites) {
    const tz = site.timezone;
    const cutoff = addDays(options.today(tz), -options.hourlyDays);
    const days = await rows<{ day: string }>(
      store,
      `SELECT DISTINCT toString(toDate(hour, {tz:String})) AS day FROM ${db}.counters_hourly
       WHERE site = {site:String} AND hour < toDateTime({cutoff:Date}, {tz:String}) ORDER BY day`,
      { site: site.domain, tz, cutoff },
    );
    for (const { day } of days) {
      await rollupDay(store, site, day, options, report);
      report.daysRolled += 1;
    }
    if (options.retentionDays !== undefined) {
      const keepFrom = addDays(options.today(tz), -options.retentionDays);
      await store.client.command({
        query: `DELETE FROM ${deleteTarget(db, 'counters_daily', store.cluster)} WHERE site = {site:String} AND day < {keep:Date}`,
        query_params: { site: site.domain, keep: keepFrom },
        clickhouse_settings: { lightweight_deletes_sync: '2' },
      });
      await store.client.command({
        query: `DELETE FROM ${deleteTarget(db, 'counters_hourly', store.cluster)} WHERE site = {site:String} AND hour < toDateTime({keep:Date}, {tz:String})`,
        query_params: { site: site.domain, keep: keepFrom, tz },
        clickhouse_settings: { lightweight_deletes_sync: '2' },
      });
      report.retentionDeleted = true;
    }
  }
  return report;
}

async function rollupDay(store: Store, site: SiteRecord, day: string, options: RollupOptions, report: RollupReport): Promise<void> {
  const { db } = store;
  const where = { site: site.domain, day };
  const params = { site: site.domain, day, tz: site.timezone };
  const range = `site = {site:String} AND hour >= toDateTime({day:Date}, {tz:String}) AND hour < toDateTime({day:Date} + 1, {tz:String})`;
  const [log] = await rows<{ generation: number; state: string }>(
    store,
    `SELECT generation, state FROM ${db}.rollup_log FINAL WHERE site = {site:String} AND day = {day:Date}`,
    params,
  );
  const generation = log?.state === 'inserted' ? log.generation : (log?.generation ?? 0) + 1;
  const record = (state: string) =>
    store.client.insert({
      table: `${db}.rollup_log`,
      values: [{ site: site.domain, day, generation, state, version: version() }],
      format: 'JSONEachRow',
    });

  if (log?.state !== 'inserted') {
    await options.onStep?.('insert', where);
    const [count] = await rows<{ n: string | number }>(store, `SELECT count() AS n FROM ${db}.counters_hourly WHERE ${range}`, params);
    report.rowsBefore += Number(count?.n ?? 0);
    await store.client.command({
      query: `INSERT INTO ${db}.counters_daily (site, day, generation, ${DIMENSIONS.join(', ')}, ${METRIC_COLUMNS.join(', ')})
        SELECT site, {day:Date}, {generation:UInt32}, ${DIMENSIONS.join(', ')}, ${METRIC_COLUMNS.map((m) => `sum(${m})`).join(', ')}
        FROM ${db}.counters_hourly WHERE ${range}
        GROUP BY ${GROUP_COLUMNS.join(', ')}
        ORDER BY ${GROUP_COLUMNS.join(', ')}`,
      query_params: { ...params, generation },
      // Sorted output splits into the same blocks every time, so the token (suffixed per
      // block by the engine) deduplicates a repeated insert exactly.
      clickhouse_settings: { insert_deduplication_token: `rollup-${site.domain}-${day}-${generation}` },
    });
    await options.onStep?.('inserted', where);
    await record('inserted');
  }
  await options.onStep?.('delete', where);
  await store.client.command({
    query: `DELETE FROM ${deleteTarget(db, 'counters_hourly', store.cluster)} WHERE ${range}`,
    query_params: params,
    clickhouse_settings: { lightweight_deletes_sync: '2' },
  });
  await options.onStep?.('deleted', where);
  await record('done');
}

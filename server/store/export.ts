import type { Store } from './client.js';
import { DIMENSIONS, METRIC_COLUMNS } from './schema.js';

const DIMS = DIMENSIONS.join(', ');
const SUMS = METRIC_COLUMNS.map((m) => `sum(${m}) AS ${m}`).join(', ');

/**
 * Everything stored for a site, as CSV with a header row: hourly rows, then daily rows (the
 * committed generations, as the Stats API counts them). Counters only: there is nothing else.
 */
export async function exportSiteCsv(store: Store, site: { domain: string; timezone: string }): Promise<string> {
  const log = `${store.db}.rollup_log FINAL WHERE site = {site:String}`;
  const rs = await store.client.query({
    query: `
      SELECT 'hour' AS granularity, toString(hour) AS period_start, ${DIMS}, ${SUMS}
      FROM ${store.db}.counters_hourly
      WHERE site = {site:String}
        AND toDate(hour, {tz:String}) NOT IN (SELECT day FROM ${log} AND state = 'inserted')
      GROUP BY hour, ${DIMS}
      UNION ALL
      SELECT 'day' AS granularity, toString(day) AS period_start, ${DIMS}, ${SUMS}
      FROM ${store.db}.counters_daily
      WHERE site = {site:String} AND (day, generation) IN (SELECT day, arrayJoin(range(1, generation + 1)) FROM ${log})
      GROUP BY day, ${DIMS}
      ORDER BY granularity DESC, period_start, name, path`,
    query_params: { site: site.domain, tz: site.timezone },
    format: 'CSVWithNames',
  });
  return rs.text();
}

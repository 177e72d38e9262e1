// Whether a site has counted anything yet: until it has, the dashboard shows how to install the
// script instead of a report of zeros. Both counter tables, since the rollup moves old hours
// into days; the site leads their sort key, so each look-up reads one granule at most.
import type { Store } from './client.js';
import { rows } from './query.js';

export async function hasEvents(store: Store, site: string): Promise<boolean> {
  const found = await rows<{ n: number | string }>(
    store,
    `SELECT (SELECT count() FROM (SELECT 1 FROM ${store.db}.counters_hourly WHERE site = {site:String} LIMIT 1))
          + (SELECT count() FROM (SELECT 1 FROM ${store.db}.counters_daily WHERE site = {site:String} LIMIT 1)) AS n`,
    { site },
  );
  return Number(found[0]?.n ?? 0) > 0;
}

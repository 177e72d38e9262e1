import type Router from '@koa/router';
import { notFound } from '../errors.js';
import { readJson, stringField } from './body.js';
import type { Store } from '../store/client.js';
import { exportSiteCsv } from '../store/export.js';
import { checkDomain, checkTimezone, type SiteRegistry } from '../sites.js';

/** Plausible's Sites API shapes: create, list, get. */
export function sitesRoutes(router: Router, deps: { sites: SiteRegistry; store: Store }): void {
  const { sites, store } = deps;

  router.post('/api/v1/sites', async (ctx) => {
    const body = await readJson(ctx);
    const domain = checkDomain(stringField(body, 'domain', 253));
    const timezone = body.timezone === undefined ? 'Etc/UTC' : checkTimezone(stringField(body, 'timezone', 100));
    await sites.add({ domain, timezone });
    ctx.body = { domain, timezone };
  });

  router.get('/api/v1/sites', async (ctx) => {
    await sites.refresh();
    ctx.body = { sites: [...sitesList(sites)], meta: {} };
  });

  router.delete('/api/v1/sites/:domain', async (ctx) => {
    const site = sites.get(ctx.params.domain ?? '');
    if (!site) throw notFound(`Site "${ctx.params.domain}" not found`);
    await sites.remove(site);
    ctx.body = { deleted: true };
  });

  // Data rights: everything Lagom holds about a site, in one file.
  router.get('/api/v1/sites/:domain/export', async (ctx) => {
    const site = sites.get(ctx.params.domain ?? '');
    if (!site) throw notFound(`Site "${ctx.params.domain}" not found`);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="lagom-${site.domain}.csv"`);
    ctx.body = await exportSiteCsv(store, site);
  });

  router.get('/api/v1/sites/:domain', async (ctx) => {
    const site = sites.get(ctx.params.domain ?? '');
    if (!site) throw notFound(`Site "${ctx.params.domain}" not found`);
    ctx.body = { domain: site.domain, timezone: site.timezone };
  });
}

function* sitesList(sites: SiteRegistry) {
  for (const s of sites.all()) yield { domain: s.domain, timezone: s.timezone };
}

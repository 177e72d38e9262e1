import type Router from '@koa/router';
import { readJson, stringField } from '../core/body.js';
import type { Store } from '../store/client.js';
import { exportSiteCsv } from '../store/export.js';
import { siteView, type SiteChanges, type SiteRegistry } from '../sites/registry.js';

/** Plausible's Sites API shapes: create, list, get, update, delete. */
export function sitesRoutes(router: Router, deps: { sites: SiteRegistry; store: Store }): void {
  const { sites, store } = deps;
  router.post('/api/v1/sites', async (ctx) => {
    const body = await readJson(ctx);
    const domain = stringField(body, 'domain', 253);
    const timezone = body.timezone === undefined ? undefined : stringField(body, 'timezone', 100);
    ctx.body = siteView(await sites.create({ domain, timezone }));
  });

  router.get('/api/v1/sites', async (ctx) => {
    await sites.refresh();
    ctx.body = { sites: sites.all().map(siteView), meta: {} };
  });

  // Only the fields sent change.
  router.put('/api/v1/sites/:domain', async (ctx) => {
    const body = await readJson(ctx);
    const changes: SiteChanges = {};
    if (body.domain !== undefined) changes.domain = stringField(body, 'domain', 253);
    if (body.timezone !== undefined) changes.timezone = stringField(body, 'timezone', 100);
    ctx.body = siteView(await sites.update(ctx.params.domain ?? '', changes));
  });

  router.delete('/api/v1/sites/:domain', async (ctx) => {
    await sites.remove(sites.require(ctx.params.domain));
    ctx.body = { deleted: true };
  });

  // Data rights: everything Lagom holds about a site, in one file.
  router.get('/api/v1/sites/:domain/export', async (ctx) => {
    const site = sites.require(ctx.params.domain);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="lagom-${site.domain}.csv"`);
    ctx.body = await exportSiteCsv(store, site);
  });

  router.get('/api/v1/sites/:domain', (ctx) => {
    ctx.body = siteView(sites.require(ctx.params.domain));
  });
}

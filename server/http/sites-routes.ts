import type Router from '@koa/router';
import type { Context } from 'koa';
import type { SiteDetailAnswer } from '../../protocol/sites.js';
import { readJson, stringField } from '../core/body.js';
import type { Store } from '../store/client.js';
import { exportSiteCsv } from '../store/export.js';
import { hasEvents } from '../store/site-activity.js';
import type { SiteRecord } from '../store/records.js';
import { check, principalOf, reaches, siteFor } from '../auth/access.js';
import { siteView, type SiteChanges, type SiteRegistry } from '../sites/registry.js';
import type { SiteScripts } from '../sites/script.js';
import { readSettings } from '../sites/settings.js';
import type { Audit } from '../auth/audit.js';

/** The request fields that are settings (server/sites/settings.ts checks their values). */
const SETTINGS_FIELDS = ['tracker_script_configuration', 'consent', 'privacy_policy_url', 'cookie_domain'] as const;

function settingsOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const sent = SETTINGS_FIELDS.filter((f) => body[f] !== undefined);
  return sent.length ? Object.fromEntries(sent.map((f) => [f, body[f]])) : undefined;
}

/** Plausible's Sites API shapes: create, list, get, update, delete. */
export function sitesRoutes(router: Router, deps: { sites: SiteRegistry; store: Store; scripts: SiteScripts; audit: Audit; publicUrl?: string }): void {
  const { sites, store, scripts, audit } = deps;

  /** A site with its settings, its script's address and the line to paste. */
  const detail = async (ctx: Context, site: SiteRecord): Promise<SiteDetailAnswer> => {
    // Not ctx.origin: Koa 3 answers that from the request's Origin header, which an API client
    // does not send ("null/js/…").
    const origin = deps.publicUrl ?? `${ctx.protocol}://${ctx.host}`;
    const script = scripts.forSite(site, sites.pageGoalsOf(site.domain));
    const script_url = `${origin}/js/${site.domain}.js`;
    const settings = readSettings(site.settings);
    // With a cookie domain, the script's own request must not carry the site's cookies to a
    // collector under that domain (docs/privacy.md, "Storage"): a CORS load without credentials.
    const attrs = settings.cookie_domain ? ' crossorigin="anonymous"' : '';
    return {
      ...siteView(site),
      // The settings are answered as they are kept (protocol/sites.ts SiteSettingsAnswer).
      ...settings,
      script_url,
      snippet: `<script defer${attrs} src="${script_url}"></script>`,
      pinned_script_url: `${origin}/js/p/${script.token}.js`,
      integrity: script.integrity,
      has_events: await hasEvents(store, site.domain),
    };
  };

  router.post('/api/v1/sites', async (ctx) => {
    check(principalOf(ctx), 'sites:write');
    const body = await readJson(ctx);
    const domain = stringField(body, 'domain', 253);
    const timezone = body.timezone === undefined ? undefined : stringField(body, 'timezone', 100);
    const site = await sites.create({ domain, timezone, settings: settingsOf(body) });
    await audit(principalOf(ctx), 'site.create', site.domain, { timezone: site.timezone, ...settingsOf(body) });
    ctx.body = await detail(ctx, site);
  });

  router.get('/api/v1/sites', async (ctx) => {
    await sites.refresh();
    const principal = principalOf(ctx);
    ctx.body = { sites: sites.all().filter((s) => reaches(principal, s.domain)).map(siteView), meta: {} };
  });

  // Only the fields sent change.
  router.put('/api/v1/sites/:domain', async (ctx) => {
    check(principalOf(ctx), 'sites:write');
    siteFor(ctx, sites, ctx.params.domain);
    const body = await readJson(ctx);
    const changes: SiteChanges = { settings: settingsOf(body) };
    if (body.domain !== undefined) changes.domain = stringField(body, 'domain', 253);
    if (body.timezone !== undefined) changes.timezone = stringField(body, 'timezone', 100);
    const site = await sites.update(ctx.params.domain ?? '', changes);
    // What was sent, as it was sent: the settings are no secret (a tracker option, a URL).
    const sent = { ...(changes.timezone === undefined ? {} : { timezone: site.timezone }), ...changes.settings };
    if (Object.keys(sent).length) await audit(principalOf(ctx), 'site.update', site.domain, sent);
    ctx.body = await detail(ctx, site);
  });

  router.delete('/api/v1/sites/:domain', async (ctx) => {
    check(principalOf(ctx), 'sites:delete');
    const site = siteFor(ctx, sites, ctx.params.domain);
    await sites.remove(site);
    await audit(principalOf(ctx), 'site.delete', site.domain);
    ctx.body = { deleted: true };
  });

  // Data rights: everything Lagom holds about a site, in one file.
  router.get('/api/v1/sites/:domain/export', async (ctx) => {
    check(principalOf(ctx), 'sites:export');
    const site = siteFor(ctx, sites, ctx.params.domain);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="lagom-${site.domain}.csv"`);
    ctx.body = await exportSiteCsv(store, site);
  });

  router.get('/api/v1/sites/:domain', async (ctx) => {
    ctx.body = await detail(ctx, siteFor(ctx, sites, ctx.params.domain));
  });
}

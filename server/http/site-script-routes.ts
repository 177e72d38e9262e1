import type Router from '@koa/router';
import type { Context } from 'koa';
import { LagomError } from '../core/errors.js';
import type { BuiltScript, SiteScripts } from '../sites/script.js';
import type { SiteRegistry } from '../sites/registry.js';
import { sendAsset, type Asset } from './static.js';

/**
 * A site's script changes when its owner changes the settings, so browsers keep it ten minutes
 * and then ask again (a 304 while it is unchanged); a pinned copy never changes.
 */
const CURRENT = 'public, max-age=600';
const PINNED = 'public, max-age=31536000, immutable';

const asAsset = (s: BuiltScript): Asset => ({
  type: 'application/javascript; charset=utf-8',
  identity: { body: s.body, etag: `"${s.tag}"` },
  encoded: new Map([
    ['br', { body: s.br, etag: `"${s.tag}-br"` }],
    ['gzip', { body: s.gzip, etag: `"${s.tag}-gz"` }],
  ]),
});

/** `/js/<domain>.js`: a site's own script; `/js/p/<token>.js`: a pinned copy of one. */
export function siteScriptRoutes(router: Router, deps: { sites: SiteRegistry; scripts: SiteScripts }): void {
  const { sites, scripts } = deps;
  router.get('/js/p/:file', (ctx: Context) => {
    const token = /^(.+)\.js$/.exec(ctx.params.file ?? '')?.[1] ?? '';
    sendAsset(ctx, asAsset(scripts.fromToken(token, (domain) => sites.has(domain))), { caching: PINNED, tracker: true });
  });
  router.get('/js/:file', (ctx: Context) => {
    const domain = /^(.+)\.js$/.exec(ctx.params.file ?? '')?.[1];
    const site = domain === undefined ? undefined : sites.get(domain);
    if (!site) throw new LagomError(404, 'site_not_found', `No site "${domain ?? ctx.params.file}" is registered: add it in Lagom first`);
    sendAsset(ctx, asAsset(scripts.forSite(site, sites.pageGoalsOf(site.domain))), { caching: CURRENT, tracker: true });
  });
}

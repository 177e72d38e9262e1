import type Router from '@koa/router';
import { siteFor } from '../auth/access.js';
import type { PrivacyTextAnswer } from '../../protocol/sites.js';
import { badRequest } from '../core/errors.js';
import { PRIVACY_LANGS, privacyText, type PrivacyLang, type RetentionConfig } from '../sites/privacy-text.js';
import { siteView, type SiteRegistry } from '../sites/registry.js';
import { readSettings } from '../sites/settings.js';

/**
 * `GET /api/v1/sites/:domain/privacy-text?lang=en|sv`: the text for the site's cookie page,
 * made from its settings as they are now and the server's retention (server/sites/privacy-text.ts).
 * On the owner's router: the text is the owner's to publish.
 */
export function privacyTextRoutes(
  router: Router,
  deps: { sites: SiteRegistry; retention: RetentionConfig; location: 'country' | 'city'; publicUrl?: string },
): void {
  router.get('/api/v1/sites/:domain/privacy-text', (ctx) => {
    const site = siteFor(ctx, deps.sites, ctx.params.domain);
    const raw = ctx.query.lang ?? 'en';
    const lang = typeof raw === 'string' ? raw : raw.join(',');
    if (!(PRIVACY_LANGS as readonly string[]).includes(lang)) {
      throw badRequest('invalid_language', `"lang" must be one of ${PRIVACY_LANGS.join(', ')}, got "${lang.slice(0, 20)}"`);
    }
    ctx.body = privacyText({
      domain: siteView(site).display_domain,
      settings: readSettings(site.settings),
      retention: deps.retention,
      // Where the data is kept: the address people reach this Lagom at. (Not ctx.origin: Koa 3
      // answers that from the request's Origin header, which an API client does not send.)
      origin: deps.publicUrl ?? `${ctx.protocol}://${ctx.host}`,
      lang: lang as PrivacyLang,
      location: deps.location,
    }) satisfies PrivacyTextAnswer;
  });
}

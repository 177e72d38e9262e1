import type Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import type { ShareInfoAnswer } from '../../protocol/sites.js';
import { allow, reaches, principalOf, siteFor } from '../auth/access.js';
import { checkNewPassword, hashPassword } from '../auth/password.js';
import { randomToken } from '../auth/secrets.js';
import type { AuthService } from '../auth/service.js';
import { LagomError } from '../core/errors.js';
import { siteView, type SiteRegistry } from '../sites/registry.js';
import type { Records, SharedLinkRecord } from '../store/records.js';
import { readJson, stringField } from '../core/body.js';
import type { Audit } from '../auth/audit.js';

const view = (l: SharedLinkRecord) => ({
  id: l.id,
  name: l.name,
  url: `/share/${l.token}`,
  has_password: l.password_hash !== '',
  created_at: l.created_at,
});

/** A link as the audit log names it: its site and name, never its token. */
const linkTarget = (l: Pick<SharedLinkRecord, 'site' | 'name'>) => `${l.site}: ${l.name}`;

const gone = () => new LagomError(404, 'share_not_found', 'This shared link does not exist or was revoked');

/** Read-only dashboards for one site, optionally behind a password, revocable. */
export function shareRoutes(router: Router, deps: { auth: AuthService; records: Records; sites: SiteRegistry; audit: Audit }): void {
  const { auth, records, sites, audit } = deps;
  const manage = allow(auth, 'links:manage');
  router.post('/api/v1/sites/:domain/shared-links', manage, async (ctx) => {
    const s = siteFor(ctx, sites, ctx.params.domain);
    const body = await readJson(ctx);
    const password = typeof body.password === 'string' && body.password !== '' ? checkNewPassword(body.password, 'password') : undefined;
    const link = {
      id: randomBytes(8).toString('hex'),
      token: randomToken(18),
      site: s.domain,
      name: stringField(body, 'name', 100),
      password_hash: password ? await hashPassword(password) : '',
    };
    await records.putSharedLink(link);
    await audit(principalOf(ctx), 'link.create', linkTarget(link), { has_password: link.password_hash !== '' });
    ctx.status = 201;
    ctx.body = view({ ...link, created_at: '' });
  });

  router.get('/api/v1/sites/:domain/shared-links', manage, async (ctx) => {
    ctx.body = { links: (await records.listSharedLinks(siteFor(ctx, sites, ctx.params.domain).domain)).map(view) };
  });

  router.delete('/api/shared-links/:id', manage, async (ctx) => {
    const link = await records.getSharedLink({ id: ctx.params.id ?? '' });
    if (!link || !reaches(principalOf(ctx), link.site)) throw gone();
    await records.revokeSharedLink(link);
    await audit(principalOf(ctx), 'link.revoke', linkTarget(link));
    ctx.body = { revoked: true };
  });

  router.get('/api/share/:token', async (ctx) => {
    const link = await records.getSharedLink({ token: ctx.params.token ?? '' });
    const s = link && sites.get(link.site);
    if (!link || !s) throw gone();
    ctx.body = { ...siteView(s), has_password: link.password_hash !== '', unlocked: auth.shareUnlocked(ctx, link) } satisfies ShareInfoAnswer;
  });

  router.post('/api/share/:token/unlock', async (ctx) => {
    auth.checkSameOrigin(ctx);
    const link = await records.getSharedLink({ token: ctx.params.token ?? '' });
    if (!link) throw gone();
    const body = await readJson(ctx);
    await auth.unlockShare(ctx, link, stringField(body, 'password', 1000));
    ctx.body = { unlocked: true };
  });
}

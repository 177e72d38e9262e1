import type Router from '@koa/router';
import { LagomError } from '../core/errors.js';
import type { OidcLogin } from './oidc.js';

/** Where a refused sign-in lands: the sign-in page, which says in words what the code means. */
const refusedAt = (code: string) => `/?sign_in_error=${encodeURIComponent(code)}`;

/**
 * `GET /api/auth/oidc/start` sends the browser to the provider; the provider sends it back to
 * `GET /api/auth/oidc/callback`. Both answer a browser's navigation, so a refusal is a redirect
 * to the sign-in page with its code, never a JSON page the person would be left looking at.
 */
export function oidcRoutes(router: Router, deps: { oidc?: OidcLogin }): void {
  const { oidc } = deps;
  const configured = (): OidcLogin => {
    if (!oidc) throw new LagomError(404, 'oidc_off', 'Single sign-on is not set up on this Lagom');
    return oidc;
  };

  router.get('/api/auth/oidc/start', async (ctx) => {
    const login = configured();
    ctx.set('Cache-Control', 'no-store');
    try {
      ctx.redirect(await login.start(ctx));
    } catch (err) {
      if (!(err instanceof LagomError)) throw err;
      ctx.redirect(refusedAt(err.code));
    }
  });

  router.get('/api/auth/oidc/callback', async (ctx) => {
    const login = configured();
    ctx.set('Cache-Control', 'no-store');
    try {
      await login.finish(ctx);
      ctx.redirect('/');
    } catch (err) {
      if (!(err instanceof LagomError)) throw err;
      ctx.redirect(refusedAt(err.code));
    }
  });
}

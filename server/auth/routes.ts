import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { badRequest, LagomError } from '../core/errors.js';
import { readJson, stringField } from '../core/body.js';
import type { Records } from '../store/records.js';
import { randomToken, sameSecret } from './secrets.js';
import { checkNewPassword } from './password.js';
import { SHARE_HEADER } from '../../protocol/stats.js';
import type { AuthService, Principal } from './service.js';
import { tokenAccount } from './tokens.js';
import { allow, principalOf, siteFor, sitesField } from './access.js';
import type { SiteRegistry } from '../sites/registry.js';
import { KEY_SCOPES, type AuthOptionsAnswer, type KeyScope, type MeAnswer, type SessionAnswer } from '../../protocol/people.js';
import { twoFactorRoutes } from './two-factor-routes.js';
import type { Audit } from './audit.js';
import type { ApiKeyView, SessionsAnswer } from '../../protocol/account.js';

/**
 * For the Stats API: a person or key that reads the site asked about (`site_id`), or a visitor
 * holding a shared link (read-only, one site, and unlocked first when the link has a password).
 */
export function requireReader(auth: AuthService, records: Records, sites: SiteRegistry) {
  const person = allow(auth, 'read');
  return async (ctx: Context, next: Next) => {
    const token = ctx.get(SHARE_HEADER);
    if (!token) {
      return person(ctx, async () => {
        // Out of reach answers as unknown; an unknown site is the route's own 404.
        const asked = typeof ctx.query.site_id === 'string' ? sites.get(ctx.query.site_id) : undefined;
        if (asked) siteFor(ctx, sites, asked.domain);
        await next();
      });
    }
    const link = ctx.method === 'GET' ? await records.getSharedLink({ token }) : undefined;
    if (!link) throw new LagomError(401, 'share_revoked', 'This shared link does not exist or was revoked');
    if (!auth.shareUnlocked(ctx, link)) throw new LagomError(401, 'share_locked', 'This shared link needs its password');
    if (ctx.query.site_id !== link.site) throw new LagomError(403, 'forbidden', 'This shared link is for another site');
    (ctx.state as { principal?: Principal }).principal = { email: '', via: 'share', role: 'viewer', sites: [link.site], scopes: [] };
    await next();
  };
}

/** A key's public id: the start of its hash (the key itself is never stored). */
const keyId = (hash: string) => hash.slice(0, 16);

export interface SetupToken {
  value: string | undefined;
}

export const newSetupToken = (): string => randomToken();

export interface SignInWays {
  /** LAGOM_PASSWORD_LOGIN */
  passwordLogin: boolean;
  /** single sign-on, when set up */
  oidc?: { name: string };
  /** mail can send reset links ("Forgot password?") */
  mailConfigured: boolean;
}

export function authRoutes(
  router: Router,
  deps: { auth: AuthService; records: Records; setup: SetupToken; sites: SiteRegistry; audit: Audit; location: 'country' | 'city' } & SignInWays,
): void {
  const { auth, records, setup, sites, audit } = deps;
  const keys = allow(auth, 'account');

  // Asked by the sign-in page before anyone is signed in: which ways in it shows.
  router.get('/api/auth/options', (ctx) => {
    ctx.body = {
      password_login: deps.passwordLogin,
      oidc: deps.oidc ? { name: deps.oidc.name } : null,
      forgot_password: deps.passwordLogin && deps.mailConfigured,
    } satisfies AuthOptionsAnswer;
  });

  router.post('/api/auth/login', async (ctx) => {
    auth.checkSameOrigin(ctx);
    // Refused before the body is read or a password checked: the answer tells nothing about accounts.
    if (!deps.passwordLogin) throw new LagomError(403, 'password_login_off', 'Signing in with a password is turned off; sign in through single sign-on');
    const body = await readJson(ctx);
    const email = stringField(body, 'email', 320).toLowerCase();
    // An app's code or a recovery code, for an account with two-factor login on.
    const code = body.code === undefined || body.code === '' ? undefined : stringField(body, 'code', 40);
    const { enrolling } = await auth.login(ctx, email, stringField(body, 'password', 1000), code);
    ctx.body = enrolling ? { email, two_factor_enrolment_required: true } : { email };
  });

  router.post('/api/auth/logout', async (ctx) => {
    auth.checkSameOrigin(ctx);
    await auth.logout(ctx);
    ctx.body = { ok: true };
  });

  // One answer for /api/auth/me and a signed-in /api/auth/session.
  const meOf = ({ email, role, sites }: Principal): MeAnswer => ({ email, role, sites, location: deps.location });

  router.get('/api/auth/me', allow(auth, 'read'), async (ctx) => {
    ctx.body = meOf(principalOf(ctx));
  });

  // The dashboard's first question on every load. /api/auth/me answers 401 to nobody, as an API
  // should; a page asking "is anyone signed in?" gets a 200 either way, so a browser's console
  // shows no failed request before sign-in. Only the session cookie counts: a key is no sign-in.
  router.get('/api/auth/session', async (ctx) => {
    const principal = ctx.get('authorization') ? undefined : await auth.principal(ctx);
    ctx.set('Cache-Control', 'no-store');
    if (principal?.via !== 'session') {
      ctx.body = { signed_in: false } satisfies SessionAnswer;
      return;
    }
    ctx.body = (principal.enrolling ? { signed_in: true, email: principal.email, two_factor_enrolment_required: true } : { signed_in: true, ...meOf(principal) }) satisfies SessionAnswer;
  });

  // First run without LAGOM_ADMIN_*: the console printed a one-time link holding this token.
  const setupLive = async (token: string) =>
    Boolean(setup.value) && sameSecret(token, setup.value!) && (await records.countUsers()) === 0;

  // The setup page asks first, so a used or unknown link says so instead of showing the form.
  router.get('/api/auth/setup/:token', async (ctx) => {
    if (!(await setupLive(ctx.params.token ?? ''))) {
      throw new LagomError(404, 'invalid_setup_token', 'This setup link is no longer valid');
    }
    ctx.body = { valid: true };
  });

  router.post('/api/auth/setup', async (ctx) => {
    auth.checkSameOrigin(ctx);
    const body = await readJson(ctx);
    const token = stringField(body, 'token', 200);
    if (!(await setupLive(token))) {
      throw new LagomError(404, 'invalid_setup_token', 'This setup link is no longer valid');
    }
    const email = stringField(body, 'email', 320).toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new LagomError(400, 'invalid_field', '"email" must be an email address');
    const password = checkNewPassword(stringField(body, 'password', 1000), 'password');
    setup.value = undefined;
    await auth.createOwner(email, password);
    await auth.login(ctx, email, password);
    ctx.body = { email };
  });

  // A one-time link printed by `lagom reset-password EMAIL`.
  router.get('/api/auth/reset/:token', async (ctx) => {
    const email = await tokenAccount(records, ctx.params.token ?? '', 'reset');
    if (!email) throw new LagomError(404, 'invalid_reset_token', 'This reset link is no longer valid');
    ctx.body = { email };
  });

  router.post('/api/auth/reset', async (ctx) => {
    auth.checkSameOrigin(ctx);
    const body = await readJson(ctx);
    const token = stringField(body, 'token', 200);
    const password = checkNewPassword(stringField(body, 'password', 1000), 'password');
    const email = await auth.resetPassword(ctx, token, password);
    await audit({ email, via: 'session' }, 'account.password_reset', email);
    ctx.body = { email };
  });

  router.post('/api/auth/password', allow(auth, 'account'), async (ctx) => {
    const body = await readJson(ctx);
    const next = checkNewPassword(stringField(body, 'new_password', 1000), 'new_password');
    const principal = principalOf(ctx);
    await auth.changePassword(ctx, principal.email, stringField(body, 'current_password', 1000), next);
    await audit(principal, 'account.password', principal.email);
    ctx.body = { ok: true };
  });

  router.post('/api/auth/logout-everywhere', allow(auth, 'account'), async (ctx) => {
    const principal = principalOf(ctx);
    await auth.logoutEverywhere(ctx, principal.email);
    await audit(principal, 'account.logout_everywhere', principal.email);
    ctx.body = { ok: true };
  });

  // The signed-in browsers of one's own account; a key has no session to list (action 'account').
  router.get('/api/auth/sessions', allow(auth, 'account'), async (ctx) => {
    ctx.body = { sessions: await auth.listSessions(principalOf(ctx)) } satisfies SessionsAnswer;
  });

  router.delete('/api/auth/sessions/:id', allow(auth, 'account'), async (ctx) => {
    const principal = principalOf(ctx);
    const device = await auth.endSession(ctx, principal, ctx.params.id ?? '');
    if (device === undefined) throw new LagomError(404, 'session_not_found', 'No such session: it ended already, or is not yours');
    await audit(principal, 'session.revoke', principal.email, { device });
    ctx.body = { revoked: true };
  });

  twoFactorRoutes(router, { auth, audit });

  router.get('/api/keys', allow(auth, 'read'), async (ctx) => {
    const keys = await records.listApiKeys(principalOf(ctx).email);
    const views: ApiKeyView[] = keys.map((k) => ({ id: keyId(k.key_hash), name: k.name, prefix: k.prefix, created_at: k.created_at, scopes: k.scopes, sites: k.sites }));
    ctx.body = { keys: views };
  });

  router.delete('/api/keys/:id', keys, async (ctx) => {
    const keys = await records.listApiKeys(principalOf(ctx).email);
    const key = keys.find((k) => keyId(k.key_hash) === ctx.params.id);
    if (!key) throw new LagomError(404, 'not_found', 'No such API key');
    await records.revokeApiKey(key);
    await audit(principalOf(ctx), 'key.revoke', keyTarget(key));
    ctx.body = { revoked: true };
  });

  router.post('/api/keys', keys, async (ctx) => {
    const body = await readJson(ctx);
    const name = stringField(body, 'name', 100);
    const principal = principalOf(ctx);
    const scopes = keyScopes(body.scopes, principal.role === 'viewer' ? ['stats:read'] : KEY_SCOPES);
    if (principal.role === 'viewer' && scopes.includes('sites:write')) throw badRequest('invalid_field', 'A viewer\'s key can only read: "scopes" must be ["stats:read"]');
    const keySites = sitesField(ctx, sites, body.sites);
    const key = await auth.createKey(principal.email, name, scopes, keySites);
    await audit(principal, 'key.create', keyTarget({ name, prefix: key.slice(0, 8) }), { scopes, sites: keySites });
    ctx.status = 201;
    ctx.body = { key, name, scopes, sites: keySites };
  });
}

/** A key as the audit log names it: its name and prefix, never the key. */
const keyTarget = (key: { name: string; prefix: string }) => `${key.name} (${key.prefix})`;

/** A key's `scopes`: some of KEY_SCOPES, at least one; absent: `fallback`. */
function keyScopes(value: unknown, fallback: readonly KeyScope[]): KeyScope[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => (KEY_SCOPES as readonly unknown[]).includes(v))) {
    throw badRequest('invalid_field', `"scopes" must be a list of ${KEY_SCOPES.join(', ')}`);
  }
  return [...new Set(value as KeyScope[])];
}


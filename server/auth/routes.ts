import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { LagomError, unauthorized } from '../core/errors.js';
import { readJson, stringField } from '../core/body.js';
import type { Records } from '../store/records.js';
import { randomToken, sameSecret } from './secrets.js';
import { checkNewPassword } from './password.js';
import { SHARE_HEADER } from '../../protocol/stats.js';
import type { AuthService, Principal } from './service.js';
import { tokenAccount } from './tokens.js';

export interface AuthState {
  principal?: Principal;
}

/**
 * For the Stats API: the owner, or a visitor holding a shared link (read-only, one site, and
 * unlocked first when the link has a password).
 */
export function requireReader(auth: AuthService, records: Records) {
  const owner = requireOwner(auth);
  return async (ctx: Context, next: Next) => {
    const token = ctx.get(SHARE_HEADER);
    if (!token) return owner(ctx, next);
    const link = ctx.method === 'GET' ? await records.getSharedLink({ token }) : undefined;
    if (!link) throw new LagomError(401, 'share_revoked', 'This shared link does not exist or was revoked');
    if (!auth.shareUnlocked(ctx, link)) throw new LagomError(401, 'share_locked', 'This shared link needs its password');
    if (ctx.query.site_id !== link.site) throw new LagomError(403, 'forbidden', 'This shared link is for another site');
    (ctx.state as AuthState).principal = { email: '', via: 'share', site: link.site };
    await next();
  };
}

/** Requires an owner session or API key; cookie-authenticated writes must come from our own origin. */
export function requireOwner(auth: AuthService) {
  return async (ctx: Context, next: Next) => {
    const principal = await auth.principal(ctx);
    if (!principal) throw unauthorized('Log in or send "Authorization: Bearer <api key>"');
    if (principal.via === 'session') auth.checkSameOrigin(ctx);
    (ctx.state as AuthState).principal = principal;
    await next();
  };
}

/** A key's public id: the start of its hash (the key itself is never stored). */
const keyId = (hash: string) => hash.slice(0, 16);

export interface SetupToken {
  value: string | undefined;
}

export const newSetupToken = (): string => randomToken();

export function authRoutes(router: Router, deps: { auth: AuthService; records: Records; setup: SetupToken }): void {
  const { auth, records, setup } = deps;

  router.post('/api/auth/login', async (ctx) => {
    auth.checkSameOrigin(ctx);
    const body = await readJson(ctx);
    const email = stringField(body, 'email', 320).toLowerCase();
    await auth.login(ctx, email, stringField(body, 'password', 1000));
    ctx.body = { email };
  });

  router.post('/api/auth/logout', async (ctx) => {
    auth.checkSameOrigin(ctx);
    auth.logout(ctx);
    ctx.body = { ok: true };
  });

  router.get('/api/auth/me', requireOwner(auth), async (ctx) => {
    ctx.body = { email: (ctx.state as AuthState).principal!.email };
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
    ctx.body = { email: await auth.resetPassword(ctx, token, password) };
  });

  router.post('/api/auth/password', requireOwner(auth), async (ctx) => {
    const body = await readJson(ctx);
    const next = checkNewPassword(stringField(body, 'new_password', 1000), 'new_password');
    const { email } = (ctx.state as AuthState).principal!;
    await auth.changePassword(ctx, email, stringField(body, 'current_password', 1000), next);
    ctx.body = { ok: true };
  });

  router.post('/api/auth/logout-everywhere', requireOwner(auth), async (ctx) => {
    await auth.logoutEverywhere(ctx, (ctx.state as AuthState).principal!.email);
    ctx.body = { ok: true };
  });

  router.get('/api/keys', requireOwner(auth), async (ctx) => {
    const keys = await records.listApiKeys((ctx.state as AuthState).principal!.email);
    ctx.body = { keys: keys.map((k) => ({ id: keyId(k.key_hash), name: k.name, prefix: k.prefix, created_at: k.created_at })) };
  });

  router.delete('/api/keys/:id', requireOwner(auth), async (ctx) => {
    const keys = await records.listApiKeys((ctx.state as AuthState).principal!.email);
    const key = keys.find((k) => keyId(k.key_hash) === ctx.params.id);
    if (!key) throw new LagomError(404, 'not_found', 'No such API key');
    await records.revokeApiKey(key);
    ctx.body = { revoked: true };
  });

  router.post('/api/keys', requireOwner(auth), async (ctx) => {
    const body = await readJson(ctx);
    const name = stringField(body, 'name', 100);
    const key = await auth.createKey((ctx.state as AuthState).principal!.email, name);
    ctx.status = 201;
    ctx.body = { key, name };
  });
}

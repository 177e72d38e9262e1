// The two-factor endpoints (docs/security.md, "Two-factor login") and the owner's instance
// setting that requires it of everyone. The code checks are throttled (AuthService.checkCode).
import type Router from '@koa/router';
import { badRequest, LagomError } from '../core/errors.js';
import { readJson, stringField } from '../core/body.js';
import { allow, principalOf } from './access.js';
import type { AuthService } from './service.js';
import type { Audit } from './audit.js';

export function twoFactorRoutes(router: Router, deps: { auth: AuthService; audit: Audit }): void {
  const { auth, audit } = deps;
  const { twoFactor } = auth;
  // The routes a session that must enrol first may use, with reading its own status.
  const enrol = allow(auth, 'account', { enrolment: true });

  router.get('/api/auth/two-factor', enrol, async (ctx) => {
    ctx.body = await twoFactor.status(principalOf(ctx).email);
  });

  router.post('/api/auth/two-factor/setup', enrol, async (ctx) => {
    ctx.body = await twoFactor.setup(principalOf(ctx).email);
  });

  // The same QR code as an image of our own origin, so the dashboard shows it under a CSP of
  // img-src 'self' (no data: URL, no markup from an answer put into the page).
  router.get('/api/auth/two-factor/qr.svg', enrol, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'image/svg+xml';
    ctx.body = await twoFactor.pendingQr(principalOf(ctx).email);
  });

  // The first code switches it on; every other session of the account ends (a session opened
  // with the password alone, before, is not one that passed the second factor).
  router.post('/api/auth/two-factor/confirm', enrol, async (ctx) => {
    const { email } = principalOf(ctx);
    const code = stringField(await readJson(ctx), 'code', 20);
    const recovery_codes = await auth.checkCode(ctx, email, code, true);
    await auth.endOtherSessions(ctx, email);
    await audit(principalOf(ctx), 'account.two_factor_on', email);
    ctx.body = { recovery_codes };
  });

  router.post('/api/auth/two-factor/recovery-codes', allow(auth, 'account'), async (ctx) => {
    const { email } = principalOf(ctx);
    await auth.checkCode(ctx, email, stringField(await readJson(ctx), 'code', 40));
    ctx.body = { recovery_codes: await twoFactor.newRecoveryCodes(email) };
  });

  router.delete('/api/auth/two-factor', allow(auth, 'account'), async (ctx) => {
    const { email } = principalOf(ctx);
    const body = await readJson(ctx);
    const password = stringField(body, 'password', 1000);
    const code = stringField(body, 'code', 40);
    await twoFactor.enabledRow(email);
    if (await twoFactor.required()) throw new LagomError(409, 'two_factor_required_by_owner', 'The owner requires two-factor login for everyone, so it cannot be switched off');
    await auth.checkPassword(email, password);
    await auth.checkCode(ctx, email, code);
    await twoFactor.switchOff(email);
    await audit(principalOf(ctx), 'account.two_factor_off', email);
    ctx.body = { enabled: false };
  });

  // Readable by every signed-in person (the dashboard says why switching off is refused).
  router.get('/api/settings/security', allow(auth, 'account'), async (ctx) => {
    ctx.body = { require_two_factor: await twoFactor.required() };
  });

  router.put('/api/settings/security', allow(auth, 'instance:manage'), async (ctx) => {
    const body = await readJson(ctx);
    const on = body.require_two_factor;
    if (typeof on !== 'boolean') throw badRequest('invalid_field', '"require_two_factor" must be true or false');
    // Otherwise the owner's own next request would be refused until they enrol.
    if (on && !(await twoFactor.isOn(principalOf(ctx).email))) {
      throw badRequest('two_factor_needed_first', 'Switch on two-factor login for your own account first (Settings → Account)');
    }
    await twoFactor.setRequired(on);
    await audit(principalOf(ctx), 'instance.security', 'require_two_factor', { require_two_factor: on });
    ctx.body = { require_two_factor: on };
  });
}

// The People and Invitations API (docs/people-api.md), password reset by mail, and the
// sign-in page's options. The role checks of who may change whom live in people.ts.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { isRole, type InvitationAnswer, type InviteAnswer, type PersonAnswer, type Role } from '../../protocol/people.js';
import { readJson, stringField } from '../core/body.js';
import { badRequest } from '../core/errors.js';
import type { SiteRegistry } from '../sites/registry.js';
import type { InvitationRecord, Records, UserRecord } from '../store/records.js';
import { allow, principalOf, sitesField } from './access.js';
import { checkNewPassword } from './password.js';
import type { People } from './people.js';
import type { AuthService } from './service.js';
import type { Audit } from './audit.js';

export interface PeopleRouteDeps {
  auth: AuthService;
  records: Records;
  sites: SiteRegistry;
  people: People;
  audit: Audit;
  /** LAGOM_PUBLIC_URL: the address links name; else the request's own */
  publicUrl?: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function emailField(body: Record<string, unknown>): string {
  const email = stringField(body, 'email', 320).toLowerCase();
  if (!EMAIL.test(email)) throw badRequest('invalid_field', '"email" must be an email address');
  return email;
}

function roleField(value: unknown): Role {
  if (!isRole(value)) throw badRequest('invalid_field', '"role" must be viewer, admin or owner');
  return value;
}


const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

const invitationAnswer = (i: InvitationRecord): InvitationAnswer => ({
  id: i.id,
  email: i.email,
  role: i.role,
  sites: i.sites,
  invited_by: i.invited_by,
  created_at: iso(i.created_at),
  expires_at: iso(i.expires_at),
});

const personAnswer = (u: UserRecord): PersonAnswer => ({ email: u.email, role: u.role, sites: u.sites });

export function peopleRoutes(router: Router, deps: PeopleRouteDeps): void {
  const { auth, records, sites, people, audit } = deps;
  const manage = allow(auth, 'people:manage');
  // Links name the instance's public address, or the address this request came to.
  const base = (ctx: Context) => deps.publicUrl ?? `${ctx.protocol}://${ctx.host}`;

  router.post('/api/auth/forgot', async (ctx) => {
    auth.checkSameOrigin(ctx);
    const body = await readJson(ctx);
    await people.forgot(ctx, emailField(body), base(ctx));
    // The same answer whether or not the account exists.
    ctx.body = { ok: true };
  });

  // The invitation page asks first, so a dead link says why before the form is filled in.
  router.get('/api/auth/invite/:token', async (ctx) => {
    const invitation = await people.live(ctx.params.token ?? '');
    ctx.body = { email: invitation.email, role: invitation.role };
  });

  router.post('/api/auth/invite', async (ctx) => {
    auth.checkSameOrigin(ctx);
    const body = await readJson(ctx);
    const token = stringField(body, 'token', 200);
    const password = checkNewPassword(stringField(body, 'password', 1000), 'password');
    ctx.body = personAnswer(await people.accept(ctx, token, password));
  });

  router.get('/api/invitations', manage, async (ctx) => {
    ctx.body = { invitations: (await records.listInvitations()).map(invitationAnswer) };
  });

  router.post('/api/invitations', manage, async (ctx) => {
    const body = await readJson(ctx);
    const input = { email: emailField(body), role: roleField(body.role), sites: sitesField(ctx, sites, body.sites) };
    const { invitation, url, mailed } = await people.invite(principalOf(ctx), input, base(ctx));
    await audit(principalOf(ctx), 'person.invite', input.email, { role: input.role, sites: input.sites, mailed });
    ctx.status = 201;
    ctx.body = { ...invitationAnswer(invitation), url, mailed } satisfies InviteAnswer;
  });

  router.delete('/api/invitations/:id', manage, async (ctx) => {
    await people.revokeInvitation(principalOf(ctx), ctx.params.id ?? '');
    await audit(principalOf(ctx), 'invitation.revoke', ctx.params.id ?? '');
    ctx.body = { revoked: true };
  });

  router.get('/api/people', manage, async (ctx) => {
    ctx.body = { people: (await records.listUsers()).map(personAnswer) };
  });

  router.put('/api/people/:email', manage, async (ctx) => {
    const body = await readJson(ctx);
    const change = {
      ...(body.role !== undefined && { role: roleField(body.role) }),
      ...(body.sites !== undefined && { sites: sitesField(ctx, sites, body.sites) }),
    };
    if (change.role === undefined && change.sites === undefined) throw badRequest('invalid_field', 'Send "role", "sites" or both');
    const email = (ctx.params.email ?? '').toLowerCase();
    const person = await people.change(principalOf(ctx), email, change);
    await audit(principalOf(ctx), 'person.update', email, change);
    ctx.body = personAnswer(person);
  });

  router.delete('/api/people/:email', manage, async (ctx) => {
    const email = (ctx.params.email ?? '').toLowerCase();
    await people.remove(principalOf(ctx), email);
    await audit(principalOf(ctx), 'person.remove', email);
    ctx.body = { removed: true };
  });
}

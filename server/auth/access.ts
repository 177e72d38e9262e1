// Who may do what (protocol/people.ts has the roles). Every route names the action it performs
// (`allow`), and every route that names a site checks that the caller reaches it (`siteFor`), so
// a viewer limited to some sites cannot read, or even learn of, the others. An API key is its
// creator's role, narrowed by its scopes and sites: it never reaches more than its creator can.
import type { Context, Next } from 'koa';
import { atLeast, type KeyScope, type Role } from '../../protocol/people.js';
import { badRequest, LagomError, unauthorized } from '../core/errors.js';
import { siteNotFound, type SiteRegistry } from '../sites/registry.js';
import type { SiteRecord } from '../store/records.js';
import type { AuthService, Principal } from './service.js';

export type Action =
  /** the Stats API, the Sites API's reads, goals and the privacy text of a site */
  | 'read'
  /** add and edit sites, their settings and goals */
  | 'sites:write'
  /** delete a site and every number it has */
  | 'sites:delete'
  /** a site's export: everything stored about it */
  | 'sites:export'
  | 'links:manage'
  /** one's own account: password, sessions, API keys */
  | 'account'
  /** invite, change and remove people (below one's own role, unless owner) */
  | 'people:manage'
  | 'audit:read'
  /** instance-wide settings: require two-factor login, password login on or off */
  | 'instance:manage';

/** The least role for each action. */
const LEAST: Record<Action, Role> = {
  read: 'viewer',
  'sites:write': 'admin',
  'sites:delete': 'owner',
  'sites:export': 'admin',
  'links:manage': 'admin',
  'account': 'viewer',
  'people:manage': 'admin',
  'audit:read': 'admin',
  'instance:manage': 'owner',
};

/** The key scope an action needs; actions without one are not for keys at all. */
const SCOPE: Partial<Record<Action, KeyScope>> = {
  read: 'stats:read',
  'sites:write': 'sites:write',
  'sites:delete': 'sites:write',
  'sites:export': 'sites:write',
  'links:manage': 'sites:write',
};

export function can(principal: Principal, action: Action): boolean {
  if (principal.via === 'share') return action === 'read';
  if (!atLeast(principal.role, LEAST[action])) return false;
  if (principal.via === 'key') {
    const scope = SCOPE[action];
    // A key that may write sites may read them too.
    return scope !== undefined && (principal.scopes.includes(scope) || (scope === 'stats:read' && principal.scopes.includes('sites:write')));
  }
  return true;
}

const refuse = (action: Action, principal: Principal) =>
  new LagomError(
    403,
    'forbidden',
    principal.via === 'key' && atLeast(principal.role, LEAST[action])
      ? `This API key's scopes do not allow this (${SCOPE[action] ? `it needs ${SCOPE[action]}` : 'a signed-in person only'})`
      : `Your role (${principal.via === 'share' ? 'a shared link' : principal.role}) cannot do this; it needs ${LEAST[action]}`,
  );

/** Throws the 403 for an action the caller may not perform. */
export function check(principal: Principal, action: Action): void {
  if (!can(principal, action)) throw refuse(action, principal);
}

/** Does the caller reach this site? */
export function reaches(principal: Principal, domain: string): boolean {
  return principal.sites === null || principal.sites.includes(domain);
}

/** The request's caller (set by `allow` or the Stats API's reader check). */
export function principalOf(ctx: Context): Principal {
  const p = (ctx.state as { principal?: Principal }).principal;
  if (!p) throw unauthorized();
  return p;
}

/**
 * The site a request names, if the caller reaches it; a site out of reach answers like an
 * unknown one (404 site_not_found), so its existence is not told.
 */
export function siteFor(ctx: Context, sites: SiteRegistry, domain: string | undefined): SiteRecord {
  const site = sites.require(domain);
  if (!reaches(principalOf(ctx), site.domain)) throw siteNotFound(domain);
  return site;
}

/**
 * Middleware: a signed-in person or an API key allowed `action`; cookie-authenticated writes
 * must come from the dashboard's own origin. A session that must set up two-factor login first
 * (Principal.enrolling) passes only routes for that (`enrolment: true`).
 */
export function allow(auth: AuthService, action: Action, options: { enrolment?: boolean } = {}) {
  return async (ctx: Context, next: Next) => {
    const principal = await auth.principal(ctx);
    if (!principal) throw unauthorized('Log in or send "Authorization: Bearer <api key>"');
    if (principal.via === 'session') auth.checkSameOrigin(ctx);
    if (principal.enrolling && !options.enrolment) {
      throw new LagomError(403, 'two_factor_enrolment_required', 'The owner requires two-factor login: set it up in Settings → Account first');
    }
    check(principal, action);
    (ctx.state as { principal?: Principal }).principal = principal;
    await next();
  };
}

/** `sites`: registered domains within the caller's reach (else 404 site_not_found, as unknown). */
export function sitesField(ctx: Context, sites: SiteRegistry, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string') || value.length > 1000) {
    throw badRequest('invalid_field', '"sites" must be a list of site domains');
  }
  return [...new Set((value as string[]).map((d) => siteFor(ctx, sites, d).domain))];
}

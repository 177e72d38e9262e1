// The owner's endpoints: auth, account, sites, goals, API keys and shared links. Stats live in
// stats.ts. The Sites API's answers are the protocol's (protocol/sites.ts), as the server's are.
import type { GoalAnswer, GoalsAnswer, GoalPutAnswer, PrivacyTextAnswer, ShareInfoAnswer, SiteAnswer, SiteDetailAnswer, SiteSettingsAnswer } from '../../protocol/sites.js';
import type { AuthOptionsAnswer, InvitationAnswer, InviteAnswer, KeyScope, MeAnswer, PersonAnswer, Role, SessionAnswer } from '../../protocol/people.js';
import type { ApiKeyView, AuditAnswer, Enrolment, SessionsAnswer, TwoFactorStatus } from '../../protocol/account.js';
import { request, withQuery } from './http.js';

const path = (s: string) => encodeURIComponent(s);

/** Who is signed in, with the role and sites the dashboard shows what for (protocol/people.ts). */
export type Me = MeAnswer;

/** The sign-in's answer: with two_factor_enrolment_required, the session can only enrol. */
export interface LoginAnswer {
  email: string;
  two_factor_enrolment_required?: true;
}

export type { TwoFactorStatus };

export const auth = {
  /** the boot's question: answered 200 whether or not anyone is signed in (no 401 in the console) */
  session: () => request<SessionAnswer>('GET', '/api/auth/session'),
  me: () => request<Me>('GET', '/api/auth/me'),
  login: (email: string, password: string, code?: string) => request<LoginAnswer>('POST', '/api/auth/login', { body: { email, password, ...(code ? { code } : {}) } }),
  options: () => request<AuthOptionsAnswer>('GET', '/api/auth/options'),
  forgot: (email: string) => request<unknown>('POST', '/api/auth/forgot', { body: { email } }),
  checkInvite: (token: string) => request<{ email: string; role: Role }>('GET', `/api/auth/invite/${path(token)}`),
  acceptInvite: (token: string, password: string) => request<PersonAnswer>('POST', '/api/auth/invite', { body: { token, password } }),
  logout: () => request<unknown>('POST', '/api/auth/logout'),
  setup: (token: string, email: string, password: string) => request<unknown>('POST', '/api/auth/setup', { body: { token, email, password } }),
  checkSetup: (token: string) => request<unknown>('GET', `/api/auth/setup/${path(token)}`),
  checkReset: (token: string) => request<{ email: string }>('GET', `/api/auth/reset/${path(token)}`),
  reset: (token: string, password: string) => request<{ email: string }>('POST', '/api/auth/reset', { body: { token, password } }),
  changePassword: (current: string, next: string) =>
    request<unknown>('POST', '/api/auth/password', { body: { current_password: current, new_password: next } }),
  logoutEverywhere: () => request<unknown>('POST', '/api/auth/logout-everywhere'),
};

export const twoFactor = {
  status: () => request<TwoFactorStatus>('GET', '/api/auth/two-factor'),
  setup: () => request<Enrolment>('POST', '/api/auth/two-factor/setup'),
  confirm: (code: string) => request<{ recovery_codes: string[] }>('POST', '/api/auth/two-factor/confirm', { body: { code } }),
  newRecoveryCodes: (code: string) => request<{ recovery_codes: string[] }>('POST', '/api/auth/two-factor/recovery-codes', { body: { code } }),
  switchOff: (password: string, code: string) => request<unknown>('DELETE', '/api/auth/two-factor', { body: { password, code } }),
  required: () => request<{ require_two_factor: boolean }>('GET', '/api/settings/security').then((r) => r.require_two_factor),
  setRequired: (on: boolean) => request<unknown>('PUT', '/api/settings/security', { body: { require_two_factor: on } }),
};

/** One's own account beyond the password: the signed-in browsers. */
export const account = {
  sessions: () => request<SessionsAnswer>('GET', '/api/auth/sessions').then((r) => r.sessions),
  endSession: (id: string) => request<unknown>('DELETE', `/api/auth/sessions/${path(id)}`),
};

/** The audit log (owners and admins) and its retention (set by an owner). */
export const auditLog = {
  page: (before: string | null) => request<AuditAnswer>('GET', withQuery('/api/audit', before ? { limit: '50', before } : { limit: '50' })),
  retention: () => request<{ days: number }>('GET', '/api/audit/retention'),
  setRetention: (days: number) => request<{ days: number }>('PUT', '/api/audit/retention', { body: { days } }),
};

/** A site as the Sites API answers it; the server answers with the same type (protocol/sites.ts). */
export type Site = SiteAnswer;

/** One site with its settings, its script's address and the line to paste (protocol/sites.ts). */
export type SiteDetail = SiteDetailAnswer;

/**
 * What a PUT changes: only the fields sent, and within the settings only the features and the
 * consent fields sent (server/sites/settings.ts applySettings).
 */
export interface SiteChanges {
  timezone?: string;
  tracker_script_configuration?: Partial<SiteSettingsAnswer['tracker_script_configuration']>;
  consent?: Partial<SiteSettingsAnswer['consent']>;
  privacy_policy_url?: string | null;
  cookie_domain?: string | null;
}

/** A new site: its name and zone, and the settings chosen right away (the rest at their defaults). */
export type NewSite = { domain: string; timezone: string } & Omit<SiteChanges, 'timezone'>;

export const sites = {
  /** Every site, without settings: the list answers only names and zones. */
  list: () => request<{ sites: Site[] }>('GET', '/api/v1/sites').then((r) => r.sites),
  get: (domain: string, signal?: AbortSignal) => request<SiteDetail>('GET', `/api/v1/sites/${path(domain)}`, { signal }),
  add: (site: NewSite) => request<SiteDetail>('POST', '/api/v1/sites', { body: site }),
  update: (domain: string, changes: SiteChanges) => request<SiteDetail>('PUT', `/api/v1/sites/${path(domain)}`, { body: changes }),
  remove: (domain: string) => request<unknown>('DELETE', `/api/v1/sites/${path(domain)}`),
  /** the text for the site's cookie page, from its settings as they are now */
  privacyText: (domain: string, lang: 'en' | 'sv', signal?: AbortSignal) =>
    request<PrivacyTextAnswer>('GET', withQuery(`/api/v1/sites/${path(domain)}/privacy-text`, { lang }), { signal }),
};

/** A site's goal as the Sites API lists it (protocol/sites.ts). */
export type Goal = GoalAnswer;

/** What the owner fills in to add a goal; the fields of the other type are left out. */
export type NewGoal =
  | { goal_type: 'event'; event_name: string; display_name?: string; currency?: string }
  | { goal_type: 'page'; page_path: string; display_name?: string };

export const goals = {
  /** Every goal of the site, newest first: the pages followed to the end. */
  async list(domain: string): Promise<Goal[]> {
    const out: Goal[] = [];
    let after: string | null = null;
    do {
      const params: Record<string, string> = { site_id: domain, limit: '1000', ...(after !== null && { after }) };
      const page: GoalsAnswer = await request<GoalsAnswer>('GET', withQuery('/api/v1/sites/goals', params));
      out.push(...page.goals);
      after = page.meta.after;
    } while (after !== null);
    return out;
  },
  add: (domain: string, goal: NewGoal) => request<GoalPutAnswer>('PUT', '/api/v1/sites/goals', { body: { site_id: domain, ...goal } }),
  remove: (domain: string, id: number) => request<unknown>('DELETE', `/api/v1/sites/goals/${id}`, { body: { site_id: domain } }),
};

export type ApiKey = ApiKeyView;

export const keys = {
  list: () => request<{ keys: ApiKey[] }>('GET', '/api/keys').then((r) => r.keys),
  /** `sites` empty: every site the creator reaches */
  create: (name: string, scopes: KeyScope[], sites: string[]) => request<{ key: string; name: string }>('POST', '/api/keys', { body: { name, scopes, sites } }),
  revoke: (id: string) => request<unknown>('DELETE', `/api/keys/${path(id)}`),
};

export interface SharedLink {
  id: string;
  name: string;
  /** a path, /share/<token> */
  url: string;
  has_password: boolean;
  created_at?: string;
}

export const sharedLinks = {
  list: (domain: string) => request<{ links: SharedLink[] }>('GET', `/api/v1/sites/${path(domain)}/shared-links`).then((r) => r.links),
  create: (domain: string, name: string, password: string) =>
    request<SharedLink>('POST', `/api/v1/sites/${path(domain)}/shared-links`, { body: password ? { name, password } : { name } }),
  revoke: (id: string) => request<unknown>('DELETE', `/api/shared-links/${path(id)}`),
};

/** What GET /api/share/:token answers (protocol/sites.ts). */
export type ShareInfo = ShareInfoAnswer;

/** What a visitor of a shared link may do: learn which site it shows, and unlock it. */
export const share = {
  info: (token: string) => request<ShareInfo>('GET', `/api/share/${path(token)}`),
  unlock: (token: string, password: string) => request<unknown>('POST', `/api/share/${path(token)}/unlock`, { body: { password } }),
};

export type Person = PersonAnswer;
export type Invitation = InvitationAnswer;

/** Settings → People: invitations and the people with access. */
export const people = {
  list: () => request<{ people: Person[] }>('GET', '/api/people').then((r) => r.people),
  change: (email: string, change: { role?: Role; sites?: string[] }) => request<Person>('PUT', `/api/people/${path(email)}`, { body: change }),
  remove: (email: string) => request<unknown>('DELETE', `/api/people/${path(email)}`),
  invitations: () => request<{ invitations: Invitation[] }>('GET', '/api/invitations').then((r) => r.invitations),
  invite: (email: string, role: Role, sites: string[]) => request<InviteAnswer>('POST', '/api/invitations', { body: { email, role, sites } }),
  revoke: (id: string) => request<unknown>('DELETE', `/api/invitations/${path(id)}`),
};

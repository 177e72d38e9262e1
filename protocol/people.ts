// People and what each may do, defined once: the server checks it on every route
// (server/auth/access.ts), the dashboard hides what a role cannot do. A leaf of protocol/.

/**
 * owner: everything, deleting sites (their data) and managing every person included;
 * admin: sites, settings, goals, keys, shared links, and the viewers;
 * viewer: reads the dashboards of the sites given to them, changes nothing.
 */
export const ROLES = ['viewer', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** Is `role` at least `min`? */
export const atLeast = (role: Role, min: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(min);

/** May `actor` give, change or remove `role`? An owner anyone, an admin viewers only. */
export const manages = (actor: Role, role: Role): boolean => actor === 'owner' || (actor === 'admin' && role === 'viewer');

/** What an API key may do: read stats (and the sites it reads), or change sites too. */
export const KEY_SCOPES = ['stats:read', 'sites:write'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** `GET /api/auth/me`: who is signed in and what they may do. */
export interface MeAnswer {
  email: string;
  role: Role;
  /** the sites this person may read; null: every site */
  sites: string[] | null;
  /** 'city' when the server has a City location database (LAGOM_GEOIP_DB): regions and cities */
  location: 'country' | 'city';
}

/**
 * `GET /api/auth/session`: whether this browser's session cookie signs someone in, answered 200
 * either way, so that a page that merely asks logs no failed request. Signed in, it is the
 * `MeAnswer`; a session that must set up two-factor login first says only that.
 */
export type SessionAnswer =
  | { signed_in: false }
  | ({ signed_in: true } & MeAnswer)
  | { signed_in: true; email: string; two_factor_enrolment_required: true };

/** A person as `GET /api/people` lists them and `PUT /api/people/:email` answers. */
export interface PersonAnswer {
  email: string;
  role: Role;
  /** the sites a viewer is limited to; empty: every site */
  sites: string[];
}

/** A pending invitation as `GET /api/invitations` lists it. */
export interface InvitationAnswer {
  id: string;
  email: string;
  role: Role;
  /** the sites the invitee will reach; empty: every site */
  sites: string[];
  invited_by: string;
  /** ISO 8601, UTC */
  created_at: string;
  expires_at: string;
}

/** `POST /api/invitations`: the invitation, its one-time link, and whether it was mailed. */
export interface InviteAnswer extends InvitationAnswer {
  url: string;
  mailed: boolean;
}

/** `GET /api/auth/options`, asked before signing in: which ways in the sign-in page offers. */
export interface AuthOptionsAnswer {
  password_login: boolean;
  /** single sign-on, with the name its button shows; null: not set up */
  oidc: { name: string } | null;
  /** password login is on and mail is configured, so "Forgot password?" can send a reset link */
  forgot_password: boolean;
}

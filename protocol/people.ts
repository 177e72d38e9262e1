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

/** What an API key may do: read stats (and the sites it reads), or change sites too. */
export const KEY_SCOPES = ['stats:read', 'sites:write'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** `GET /api/auth/me`: who is signed in and what they may do. */
export interface MeAnswer {
  email: string;
  role: Role;
  /** the sites this person may read; null: every site */
  sites: string[] | null;
}

/** `GET /api/auth/options`, asked before signing in: which ways in the sign-in page offers. */
export interface AuthOptionsAnswer {
  password_login: boolean;
  /** single sign-on, with the name its button shows; null: not set up */
  oidc: { name: string } | null;
}

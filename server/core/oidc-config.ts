import type { Role } from '../../protocol/people.js';

/** Single sign-on with OpenID Connect (docs/deployment.md, "Single sign-on"). */
export interface OidcConfig {
  /** the provider's issuer URL; its discovery document is at /.well-known/openid-configuration */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the button's label: "Sign in with <name>" */
  name: string;
  /** the scopes asked for; always with openid */
  scopes: string;
  /** the claim that holds the person's groups (or roles): a name, or a dotted path into objects */
  roleClaim: string;
  /** the groups that give each role; a person in none of them is refused */
  groups: Record<Role, string[]>;
  /** whether a first sign-in creates the account (else only accounts made before may sign in) */
  createUsers: boolean;
  /** `${LAGOM_PUBLIC_URL}/api/auth/oidc/callback`, registered at the provider */
  redirectUri: string;
}

type Env = Record<string, string | undefined>;
type Fail = (message: string) => Error;

const list = (raw: string | undefined): string[] => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** LAGOM_PASSWORD_LOGIN and LAGOM_OIDC_CREATE_USERS: true or false, nothing else. */
export function flag(env: Env, name: string, fallback: boolean, fail: Fail): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw fail(`${name} must be true or false, got "${raw}"`);
}

// Plain http only to this machine: anywhere else it would let the network forge the provider.
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The LAGOM_OIDC_* settings, checked together; undefined when LAGOM_OIDC_ISSUER is not set. */
export function loadOidcConfig(env: Env, publicUrl: string | undefined, fail: Fail): OidcConfig | undefined {
  const issuer = env.LAGOM_OIDC_ISSUER || undefined;
  const clientId = env.LAGOM_OIDC_CLIENT_ID || undefined;
  const clientSecret = env.LAGOM_OIDC_CLIENT_SECRET || undefined;
  if (!issuer) {
    if (clientId || clientSecret) throw fail('LAGOM_OIDC_CLIENT_ID and LAGOM_OIDC_CLIENT_SECRET need LAGOM_OIDC_ISSUER');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw fail(`LAGOM_OIDC_ISSUER must be a URL, got "${issuer}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
    throw fail(`LAGOM_OIDC_ISSUER must be an https:// URL (http:// only for localhost), got "${issuer}"`);
  }
  if (!clientId || !clientSecret) throw fail('LAGOM_OIDC_ISSUER needs LAGOM_OIDC_CLIENT_ID and LAGOM_OIDC_CLIENT_SECRET');
  if (!publicUrl) {
    throw fail('LAGOM_OIDC_ISSUER needs LAGOM_PUBLIC_URL: the provider sends people back to ${LAGOM_PUBLIC_URL}/api/auth/oidc/callback');
  }
  const groups: Record<Role, string[]> = {
    owner: list(env.LAGOM_OIDC_OWNER_GROUPS),
    admin: list(env.LAGOM_OIDC_ADMIN_GROUPS),
    viewer: list(env.LAGOM_OIDC_VIEWER_GROUPS),
  };
  if (!groups.owner.length && !groups.admin.length && !groups.viewer.length) {
    throw fail('LAGOM_OIDC_ISSUER needs at least one of LAGOM_OIDC_OWNER_GROUPS, LAGOM_OIDC_ADMIN_GROUPS, LAGOM_OIDC_VIEWER_GROUPS: without them nobody gets a role');
  }
  const scopes = (env.LAGOM_OIDC_SCOPES || 'openid email profile').trim().split(/\s+/);
  if (!scopes.includes('openid')) throw fail(`LAGOM_OIDC_SCOPES must include openid, got "${scopes.join(' ')}"`);
  return {
    issuer,
    clientId,
    clientSecret,
    name: env.LAGOM_OIDC_NAME || 'single sign-on',
    scopes: scopes.join(' '),
    roleClaim: env.LAGOM_OIDC_ROLE_CLAIM || 'groups',
    groups,
    createUsers: flag(env, 'LAGOM_OIDC_CREATE_USERS', true, fail),
    redirectUri: `${publicUrl}/api/auth/oidc/callback`,
  };
}

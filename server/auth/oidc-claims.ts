import { createHmac } from 'node:crypto';
import { ROLES, type Role } from '../../protocol/people.js';
import { sameSecret } from './secrets.js';

// What the provider's claims mean to Lagom, as pure functions: the email it vouches for, and
// the role its groups give. The flow's cookie is here too: sealed and opened without I/O.

export type Claims = Record<string, unknown>;

/**
 * The claim's value: by its whole name first (Auth0's namespaced claims hold dots, like
 * "https://example.com/groups"), else as a dotted path into objects (Keycloak's
 * "realm_access.roles").
 */
function claimValue(claims: Claims, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Claims)[part];
  }
  return value;
}

/** The groups in the claim: a list of strings, or one string (one group). */
export function groupsOf(claims: Claims, name: string): string[] {
  const value = claimValue(claims, name);
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The highest role any of the person's groups gives; undefined when none is mapped. */
export function roleFor(groups: readonly string[], mapping: Record<Role, readonly string[]>): Role | undefined {
  return [...ROLES].reverse().find((role) => mapping[role].some((g) => groups.includes(g)));
}

/**
 * The email address, lower-cased, when the provider vouches for it: present, and not marked
 * unverified. A provider that sends no email_verified at all is trusted to hand out only
 * addresses it controls (Microsoft Entra ID sends none); one that says false is not believed.
 */
export function verifiedEmail(claims: Claims): string | undefined {
  const { email, email_verified: verified } = claims;
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 320) return undefined;
  // Some providers (Amazon Cognito) send the flag as a string.
  if (verified !== undefined && verified !== true && verified !== 'true') return undefined;
  return email.toLowerCase();
}

/** What the start of a sign-in leaves in the browser for its callback to check. */
export interface Flow {
  state: string;
  nonce: string;
  /** the PKCE code verifier */
  verifier: string;
  /** expiry, seconds since the epoch */
  expires: number;
}

const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(`oidc:${payload}`).digest('base64url');

/** Signed, so that no one can plant a state of their own in a browser (login CSRF). */
export function sealFlow(flow: Flow, secret: string): string {
  const payload = Buffer.from(JSON.stringify(flow)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export function openFlow(token: string | undefined, secret: string, nowSeconds: number): Flow | undefined {
  const [payload, signature] = (token ?? '').split('.');
  if (!payload || !signature || !sameSecret(signature, mac(payload, secret))) return undefined;
  try {
    const flow = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Flow;
    const complete = [flow.state, flow.nonce, flow.verifier].every((v) => typeof v === 'string' && v);
    return complete && typeof flow.expires === 'number' && flow.expires >= nowSeconds ? flow : undefined;
  } catch {
    return undefined;
  }
}

// One's own account and the instance's record of changes: the answers of the sessions list,
// the API keys list and the audit log, for the server and the dashboard alike. A leaf of protocol/.
import type { KeyScope } from './people.js';

/** A signed-in browser, `GET /api/auth/sessions`: a coarse device and times, never an address. */
export interface SessionView {
  /** public id, for DELETE /api/auth/sessions/:id (not the cookie's secret) */
  id: string;
  /** "Firefox on Linux" */
  device: string;
  /** the browser's and the OS's names, for a dashboard that words the device itself */
  browser: string;
  os: string;
  /** ISO 8601 */
  created_at: string;
  /** to within a few minutes: it is not written on every request */
  last_active_at: string;
  /** the browser asking */
  current: boolean;
}

export interface SessionsAnswer {
  sessions: SessionView[];
}

/** An API key in `GET /api/keys` (the key itself is shown once, when made). */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  scopes: KeyScope[];
  /** the sites it reaches; empty: every site its creator reaches */
  sites: string[];
}

/** One change, `GET /api/audit`. */
export interface AuditEntryView {
  /** ISO 8601, to the microsecond */
  at: string;
  /** an email, or "API key <prefix>" */
  actor: string;
  /** a stable name: site.update, key.create, session.revoke, … (docs/security.md lists them) */
  action: string;
  /** what it acted on: a site's domain, "site: goal name", "key name (prefix)", an email */
  target: string;
  /** what changed, never a secret */
  detail: Record<string, unknown>;
  /** the `before` that asks for the entries after this one */
  cursor: string;
}

export interface AuditAnswer {
  /** newest first */
  entries: AuditEntryView[];
  /** the next page's `before`; null when this page is the last */
  before: string | null;
}

/** `GET /api/auth/two-factor`: one's own two-factor login. */
export interface TwoFactorStatus {
  enabled: boolean;
  /** an enrolment was started and waits for its first code */
  pending: boolean;
  recovery_codes_left: number;
  /** the owner requires two-factor login of everyone */
  required: boolean;
}

/** `POST /api/auth/two-factor/setup`: the secret to enrol, as text, an otpauth URL and a QR code. */
export interface Enrolment {
  secret: string;
  otpauth_url: string;
  /** the otpauth URL as a QR code, an SVG document */
  qr_svg: string;
}

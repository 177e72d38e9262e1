// The stable codes of every error answer, `{"error": message, "code": code}`. A client branches
// on the code; the message is for people and may be reworded. Each code has one HTTP status.
// The server's LagomError is typed by this list (a misspelt code does not compile),
// docs/errors.md shows it, and test/protocol/error-codes.test.ts keeps the three in step.
// A leaf: it imports nothing. The dashboard imports its types only (dashboard/lib/http.ts), so
// the meanings below, written for docs/errors.md, never reach app.js.

export const ERROR_CODES = {
  // The request itself
  invalid_json: { status: 400, meaning: 'The body is not valid JSON, or is JSON but not an object (on /api/event that is invalid_event).' },
  invalid_field: { status: 400, meaning: 'A field of the JSON body is missing, too long or breaks its rule; the message names it.' },
  unsupported_media_type: { status: 415, meaning: 'The body is not sent as application/json (an event may also be text/plain).' },
  body_too_large: { status: 413, meaning: 'The body is larger than the endpoint takes: 8 KiB for an event, 64 KiB otherwise.' },
  method_not_allowed: { status: 405, meaning: '/api/event takes POST and OPTIONS only; the Allow header lists them.' },
  not_found: { status: 404, meaning: 'No such route, or no such API key.' },

  // Ingest
  invalid_event: { status: 400, meaning: 'The event breaks the wire format (docs/wire-format.md); the message names the field.' },
  rate_limited: { status: 429, meaning: 'Too many events from this address; send again after Retry-After seconds.' },
  unavailable: { status: 503, meaning: 'Lagom is shutting down, or can store no more events for now; send again after Retry-After seconds.' },

  // Signing in and credentials
  unauthorized: { status: 401, meaning: 'No valid credentials: sign in, or send "Authorization: Bearer <api key>".' },
  wrong_credentials: { status: 401, meaning: 'Sign-in refused: the email or the password is wrong.' },
  wrong_password: { status: 403, meaning: 'The current password, asked for to change it, is wrong.' },
  too_many_attempts: { status: 429, meaning: 'Too many wrong passwords for this account or link from this address; try again after Retry-After seconds.' },
  cross_origin: { status: 403, meaning: 'A write signed in by cookie came from another origin, and is refused.' },
  forbidden: { status: 403, meaning: 'The credentials are valid but do not reach this: a shared link reads its own site only.' },
  invalid_setup_token: { status: 404, meaning: 'The one-time setup link is used, unknown, or an owner exists already.' },
  invalid_reset_token: { status: 404, meaning: 'The password-reset link is used, expired or unknown.' },
  session_not_found: { status: 404, meaning: "The account has no such signed-in session: it ended already, or is another account's." },

  // Single sign-on (OpenID Connect). The callback answers its refusals as a redirect to the
  // sign-in page with ?sign_in_error=<code>, which says what happened; the status is the code's
  // as a JSON answer would carry it.
  password_login_off: { status: 403, meaning: 'Signing in with a password is turned off (LAGOM_PASSWORD_LOGIN=false); sign in with the identity provider.' },
  oidc_off: { status: 404, meaning: 'Single sign-on is not set up on this Lagom (no LAGOM_OIDC_ISSUER).' },
  oidc_failed: { status: 502, meaning: "The identity provider could not be reached, or its answer did not pass Lagom's checks; the log says which." },
  oidc_refused: { status: 403, meaning: 'The identity provider refused the sign-in, or the person cancelled it there.' },
  oidc_state_mismatch: { status: 400, meaning: 'The sign-in came back without the state this browser started it with: a forged or replayed link, or more than 10 minutes passed. Start again.' },
  oidc_email_unverified: { status: 403, meaning: 'The identity provider gave no email address, or says the address is not verified.' },
  oidc_no_role: { status: 403, meaning: 'The person is in none of the groups mapped to a role (LAGOM_OIDC_*_GROUPS); an account they had has its sessions ended.' },
  oidc_no_account: { status: 403, meaning: 'No account has this email, and LAGOM_OIDC_CREATE_USERS=false keeps single sign-on from creating one.' },
  oidc_password_account: { status: 403, meaning: 'The account with this email signs in with its password; single sign-on never signs in, changes or ends a password account.' },
  // People and invitations
  person_exists: { status: 409, meaning: 'An account with this email exists already; change its role in Settings → People instead.' },
  person_not_found: { status: 404, meaning: 'No account has this email.' },
  role_not_allowed: { status: 403, meaning: 'Your role cannot give, change or remove this role: an admin manages viewers only, an owner everyone.' },
  own_account: { status: 400, meaning: 'Nobody changes their own role or sites, or removes themselves; another owner or admin must.' },
  last_owner: { status: 409, meaning: 'The change would leave the instance without an owner; make another person owner first.' },
  invitation_not_found: { status: 404, meaning: 'No such invitation: the link or id is unknown, or the invitation was revoked.' },
  invitation_expired: { status: 410, meaning: 'The invitation link is older than 48 hours; ask for a new one.' },
  invitation_used: { status: 410, meaning: 'The invitation link was used already; sign in instead.' },
  mail_not_configured: { status: 400, meaning: 'This needs mail, and LAGOM_SMTP_URL is not set; ask an owner for a reset link (lagom reset-password).' },
  // Two-factor login
  two_factor_required: { status: 401, meaning: 'The password is right and the account has two-factor login on: send the code from the authenticator app (or a recovery code) as "code".' },
  wrong_two_factor_code: { status: 401, meaning: 'Sign-in refused: the password is right but the code is wrong, too old, or used already (each code works once). Counts as a failed sign-in.' },
  wrong_code: { status: 403, meaning: 'A two-factor code, asked for to switch two-factor login on or off or to make new recovery codes, is wrong or used already.' },
  two_factor_enrolment_required: { status: 403, meaning: 'The owner requires two-factor login and this account has not set it up: until it does, the session can only enrol (/api/auth/two-factor/…).' },
  two_factor_already_on: { status: 409, meaning: 'Two-factor login is on already; switch it off before enrolling another app.' },
  two_factor_not_on: { status: 409, meaning: 'Two-factor login is not on for this account (or no enrolment waits for its code).' },
  two_factor_required_by_owner: { status: 409, meaning: 'Two-factor login cannot be switched off while the owner requires it for everyone.' },
  two_factor_needed_first: { status: 400, meaning: 'An owner must have two-factor login on before requiring it of everyone.' },

  // Shared links
  share_not_found: { status: 404, meaning: 'No such shared link: it never existed or was revoked.' },
  share_revoked: { status: 401, meaning: 'The shared link sent in X-Lagom-Share never existed or was revoked.' },
  share_locked: { status: 401, meaning: 'The shared link has a password that this browser has not unlocked yet.' },
  wrong_share_password: { status: 401, meaning: "The shared link's password is wrong." },

  // Sites API
  site_not_found: { status: 404, meaning: 'No site with this domain is registered.' },
  site_exists: { status: 400, meaning: 'The site is registered already; change its settings with PUT instead.' },
  invalid_domain: { status: 400, meaning: '"domain" is not a host name.' },
  invalid_timezone: { status: 400, meaning: '"timezone" is not a time zone the store knows; the message suggests the one meant when it can.' },
  invalid_setting: { status: 400, meaning: "A site setting (tracker_script_configuration, consent, privacy_policy_url, cookie_domain) has a value it cannot take; the message names it." },
  domain_change_unsupported: { status: 400, meaning: "A site's domain cannot change; add the new domain as a site of its own." },
  invalid_goal_type: { status: 400, meaning: '"goal_type" is missing, or is not event or page.' },
  invalid_page_path: { status: 400, meaning: '"page_path" of a page goal does not start with "/".' },
  invalid_currency: { status: 400, meaning: '"currency" is not an ISO 4217 code (EUR, SEK, USD, …), or is sent for a page goal.' },
  goal_name_taken: { status: 400, meaning: 'Another goal of the site has this "display_name"; goals are told apart by it.' },
  goal_not_found: { status: 404, meaning: 'The site has no goal with this id.' },
  invalid_cursor: { status: 400, meaning: '"after" or "before" is not a cursor from an earlier answer, or both are sent.' },
  invalid_language: { status: 400, meaning: '"lang" of the privacy text is not en or sv.' },

  // Stats API parameters
  missing_site_id: { status: 400, meaning: '"site_id" is required.' },
  invalid_period: { status: 400, meaning: '"period" is not one of the periods the Stats API knows.' },
  invalid_date: { status: 400, meaning: '"date" is not YYYY-MM-DD (or YYYY-MM-DD,YYYY-MM-DD with period=custom), or ends before it starts.' },
  invalid_metric: { status: 400, meaning: '"metrics" names an unknown metric.' },
  missing_property: { status: 400, meaning: '"property" is required for a breakdown.' },
  invalid_property: { status: 400, meaning: '"property" names an unknown property.' },
  invalid_filter: { status: 400, meaning: '"filters" cannot be read, names an unknown property, or combines custom properties in a way not supported.' },
  invalid_interval: { status: 400, meaning: '"interval" is not hour, date, week or month.' },
  invalid_compare: { status: 400, meaning: '"compare" is not previous_period.' },
  invalid_limit: { status: 400, meaning: '"limit" is not a whole number from 1 to 1000.' },
  invalid_page: { status: 400, meaning: '"page" is not a whole number from 1 to 100000.' },

  // The server and its store
  not_built: { status: 503, meaning: 'The tracker or the dashboard is not built; run "npm run build".' },
  store_memory_limit: { status: 503, meaning: 'A query needed more memory than the database allows (LAGOM_ENGINE_MEMORY_MB); narrow the period or raise the limit.' },
  store_unavailable: { status: 503, meaning: 'The database cannot be reached or did not answer in time; try again after Retry-After seconds.' },
  internal: { status: 500, meaning: 'Something failed inside Lagom; the details are in its log, not in the answer.' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The HTTP status a code is answered with. */
export type ErrorStatus<C extends ErrorCode> = (typeof ERROR_CODES)[C]['status'];

/** The codes answered with status S, e.g. CodeWithStatus<400>. */
export type CodeWithStatus<S extends number> = { [C in ErrorCode]: ErrorStatus<C> extends S ? C : never }[ErrorCode];

/** Every error answer of the server, the Koa app and the ingest path alike. */
export interface ErrorBody {
  error: string;
  code: ErrorCode;
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);

/**
 * A value that was checked, or why it was refused: the error code and message the server
 * answers with. The protocol's parsers (resolvePeriod, parseFilters) return it instead of
 * throwing: protocol/ cannot reach the server's LagomError, and the dashboard has no use for one.
 */
export type Checked<T, Code extends ErrorCode> = { ok: true; value: T } | { ok: false; code: Code; message: string };

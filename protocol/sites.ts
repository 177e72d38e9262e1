// The Sites API's answers, defined once: the server answers with these types (siteView in
// server/sites/registry.ts, the share answer in server/http/share-routes.ts, goalView in
// server/sites/goals.ts) and the dashboard
// reads them (dashboard/lib/api.ts). Like everything in protocol/, this file imports nothing from
// server/, dashboard/ or tracker/.
import type { ConsentMode, TrackerScriptConfiguration } from './tracker.js';

/** A site's settings (server/sites/settings.ts): its script's features, consent, privacy page. */
export interface SiteSettingsAnswer {
  tracker_script_configuration: TrackerScriptConfiguration;
  consent: {
    mode: ConsentMode;
    tcf_purposes: number[];
    cookieconsent_category: string;
    klaro_service: string;
    refusal_days: number;
  };
  privacy_policy_url: string | null;
  /** the domain whose first-party cookies hold the tracker's state (shared by its subdomains); null: localStorage */
  cookie_domain: string | null;
}

/** One site, as GET, POST and PUT /api/v1/sites answer it (the list leaves out settings and script). */
export interface SiteAnswer {
  /** the stored name, IDN labels in punycode: the key for every request */
  domain: string;
  /** the name to show people, in Unicode ("räksmörgås.se") */
  display_domain: string;
  timezone: string;
}

/** GET, POST and PUT /api/v1/sites/:domain: the site with its settings and how to embed it. */
export interface SiteDetailAnswer extends SiteAnswer, SiteSettingsAnswer {
  /** the site's own script: its URL never changes when the settings do */
  script_url: string;
  /** the line to paste into every page of the site */
  snippet: string;
  /** the script as it is now, at an address whose bytes never change (for Subresource Integrity) */
  pinned_script_url: string;
  /** the `integrity` value of the pinned script */
  integrity: string;
  /** whether anything has been counted for the site yet (Lagom's addition) */
  has_events: boolean;
}

/** GET /api/v1/sites/:domain/privacy-text: the text for the site's cookie page, plain and as HTML. */
export interface PrivacyTextAnswer {
  text: string;
  html: string;
}

/** GET /api/share/:token: the site a shared link shows, and whether this browser may read it yet. */
export interface ShareInfoAnswer extends SiteAnswer {
  has_password: boolean;
  /** the link has no password, or this browser has unlocked it (a cookie) */
  unlocked: boolean;
}

/** A goal's kinds: a custom event by name, or a pageview of a path pattern. */
export const GOAL_TYPES = ['event', 'page'] as const;

/**
 * The longest each field of a goal may be, checked by the server and set on the dashboard's
 * inputs. An event name is as long as the wire format lets an event's name be.
 */
export const GOAL_LIMITS = { event_name: 120, page_path: 2000, display_name: 120 } as const;

/** One goal, as GET /api/v1/sites/goals lists it (Plausible's fields, plus `currency`). */
export interface GoalAnswer {
  /** a positive integer, never reused within a Lagom */
  id: number;
  goal_type: (typeof GOAL_TYPES)[number];
  /** the name the dashboard and the Stats API's event:goal show */
  display_name: string;
  /** the custom event's name; null for a page goal */
  event_name: string | null;
  /** the path pattern (`*` within a segment, `**` across); null for an event goal */
  page_path: string | null;
  /** Lagom's addition: the ISO 4217 code of a revenue goal, else null */
  currency: string | null;
}

/** PUT /api/v1/sites/goals: the goal found or made, with the site's domain. */
export interface GoalPutAnswer extends GoalAnswer {
  domain: string;
}

/** GET /api/v1/sites/goals: newest first, in pages; a cursor is null where there is no page. */
export interface GoalsAnswer {
  goals: GoalAnswer[];
  meta: { after: string | null; before: string | null; limit: number };
}

/** DELETE /api/v1/sites/goals/:goal_id */
export interface GoalDeletedAnswer {
  deleted: true;
}

// A site's tracker script, defined once: the features its settings switch on (the server keeps
// them, server/sites/script.ts serves the script built with them) and what the server tells the
// script about the site. scripts/build-tracker.mjs builds one script per combination of the
// flags, reading the same list (tracker-flags.json).
import flags from './tracker-flags.json' with { type: 'json' };

/**
 * The features that are code: a site's script holds exactly the enabled ones. Plausible's names
 * where it has the feature, plus `engagement` (time on page and scroll depth). The order is the
 * bit order of the built scripts' names: never reorder, only append.
 */
export const TRACKER_FLAGS = flags.flags as readonly TrackerFlag[];

/**
 * Every flag a site's script is built with, in bit order: the features, then what the server
 * switches on from the site's other settings (`page_goals`: the site has pageview goals, whose
 * patterns the script then carries; `cookie_domain`: the site keeps the tracker's state in
 * cookies on a domain its subdomains share).
 */
export const BUILD_FLAGS = [...flags.flags, ...flags.internal] as readonly BuildFlag[];
export type BuildFlag = TrackerFlag | 'page_goals' | 'cookie_domain';
export type TrackerFlag =
  | 'engagement'
  | 'outbound_links'
  | 'file_downloads'
  | 'tagged_events'
  | 'form_submissions'
  | 'track_404_pages'
  | 'revenue_tracking'
  | 'pageview_props';

/** How the visitor's consent reaches the tracker (docs/tracker.md, "Consent"). */
export const CONSENT_MODES = ['manual', 'banner', 'tcf', 'google', 'cookieconsent', 'klaro'] as const;
export type ConsentMode = (typeof CONSENT_MODES)[number];

/**
 * `tracker_script_configuration`, as the Sites API takes and answers it: every flag, and
 * `hash_based_routing`, which is a setting (the script reads it) rather than code.
 */
export type TrackerScriptConfiguration = Record<TrackerFlag | 'hash_based_routing', boolean>;

/**
 * A new site's features (tracker-flags.json): none, so a new site's script is the smallest one,
 * within the default budget the build checks on exactly these. The owner switches features on
 * in the dashboard's site settings or with the Sites API.
 */
export const DEFAULT_TRACKER_CONFIGURATION = Object.fromEntries(
  [...TRACKER_FLAGS, 'hash_based_routing'].map((flag) => [flag, (flags.defaults as string[]).includes(flag)]),
) as TrackerScriptConfiguration;

/**
 * What a site's script knows about its site: the defaults of the embed's `data-*` attributes
 * (an attribute on the embed still wins), in `dataset` spelling. The server writes it into the
 * script; nothing in it is about a visitor.
 */
export interface SiteScriptData {
  /** the site's domain (`data-site`) */
  site: string;
  /** the site's time zone: the visitor's day is the site's day (`data-tz`) */
  tz?: string;
  /** a script built with page_goals: the site's pageview goals, [id, pattern as a regular expression on the sent path] */
  goals?: [id: string, pattern: string][];
  /**
   * a script built with cookie_domain: the domain of the first-party cookies that hold the
   * tracker's state instead of localStorage, shared by its subdomains (`data-cookie-domain`)
   */
  cookieDomain?: string;
  /** the consent mode (`data-consent`); absent: the page calls lagom('consent', …) itself */
  consent?: Exclude<ConsentMode, 'manual'>;
  /** the site's privacy page, linked from the banner (`data-policy-url`) */
  policyUrl?: string;
  /** present (''): hash routing (`data-hash`) */
  hash?: string;
  /** banner: days a refusal is remembered (`data-refusal-days`) */
  refusalDays?: string;
  /** tcf: the TCF purposes that must all be consented to, comma-separated (`data-tcf-purposes`) */
  tcfPurposes?: string;
  /** cookieconsent: the category that means statistics (`data-cc-category`: vanilla-cookieconsent re-runs scripts with `data-category`) */
  ccCategory?: string;
  /** klaro: Lagom's service name (`data-service`) */
  service?: string;
}

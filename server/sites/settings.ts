// A site's settings beyond its time zone: the features of its tracker script, how consent
// reaches the tracker, its privacy page and its cookie domain. Stored as one JSON text in the sites table
// (migration 0012_site_settings), checked here on the way in, defaulted on the way out, so a
// site stored before a setting existed reads as that setting's default.
import {
  CONSENT_MODES,
  DEFAULT_TRACKER_CONFIGURATION,
  TRACKER_FLAGS,
  type ConsentMode,
  type SiteScriptData,
  type TrackerScriptConfiguration,
} from '../../protocol/tracker.js';
import { badRequest } from '../core/errors.js';

export interface ConsentSettings {
  mode: ConsentMode;
  /** IAB TCF v2.2 purposes that must all be consented to (tcf mode) */
  tcf_purposes: number[];
  /** vanilla-cookieconsent's category that means statistics (cookieconsent mode) */
  cookieconsent_category: string;
  /** Klaro's service name for Lagom (klaro mode) */
  klaro_service: string;
  /** the built-in banner asks again this many days after a refusal */
  refusal_days: number;
}

export interface SiteSettings {
  tracker_script_configuration: TrackerScriptConfiguration;
  consent: ConsentSettings;
  /** the site's privacy page (http or https), linked from the banner; null when not set */
  privacy_policy_url: string | null;
  /**
   * the domain whose first-party cookies hold the tracker's state instead of localStorage, so
   * that a visit across its subdomains is one visit (docs/privacy.md, "Storage"): the site's
   * domain or a parent of it; null (the default): localStorage, per host name
   */
  cookie_domain: string | null;
}

/**
 * TCF purposes read as consent to Lagom by default: 1 (store or access information on a
 * device: the tracker's localStorage) and the measurement purposes 8 (measure content
 * performance), 9 (understand audiences through statistics) and 10 (develop and improve
 * services). Not 7: it measures advertising, which Lagom does not.
 */
export const DEFAULT_TCF_PURPOSES = [1, 8, 9, 10];

export const DEFAULT_SETTINGS: SiteSettings = {
  tracker_script_configuration: DEFAULT_TRACKER_CONFIGURATION,
  consent: {
    mode: 'banner',
    tcf_purposes: DEFAULT_TCF_PURPOSES,
    cookieconsent_category: 'analytics',
    klaro_service: 'lagom',
    refusal_days: 182,
  },
  privacy_policy_url: null,
  cookie_domain: null,
};

const invalid = (message: string) => badRequest('invalid_setting', message);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored JSON → settings, every missing or unreadable field at its default. */
export function readSettings(json: string | undefined): SiteSettings {
  let stored: unknown;
  try {
    stored = JSON.parse(json || '{}');
  } catch {
    stored = {};
  }
  try {
    return applySettings(DEFAULT_SETTINGS, isObject(stored) ? stored : {});
  } catch {
    // A value that no longer passes the checks (an older Lagom's) falls back to the defaults.
    return DEFAULT_SETTINGS;
  }
}

/**
 * The settings with the changes a PUT or POST sends applied: only the fields sent change, each
 * checked, with a 400 `invalid_setting` naming the field that is wrong. `site`: the site they
 * belong to, whose domain a cookie domain must be or end with; stored settings are read
 * without it (they were checked on the way in).
 */
export function applySettings(current: SiteSettings, body: Record<string, unknown>, site?: { domain: string }): SiteSettings {
  const next: SiteSettings = {
    tracker_script_configuration: { ...current.tracker_script_configuration },
    consent: { ...current.consent },
    privacy_policy_url: current.privacy_policy_url,
    cookie_domain: current.cookie_domain,
  };
  const config = body.tracker_script_configuration;
  if (config !== undefined) {
    if (!isObject(config)) throw invalid('"tracker_script_configuration" must be an object of features, each true or false');
    const known = [...TRACKER_FLAGS, 'hash_based_routing'] as const;
    for (const [key, value] of Object.entries(config)) {
      // Plausible's own field, which says how the owner installs the script, not what it does.
      if (key === 'installation_type' || key === 'id') continue;
      if (!(known as readonly string[]).includes(key)) {
        throw invalid(`"tracker_script_configuration.${key}" is not a feature; the features are ${known.join(', ')}`);
      }
      if (typeof value !== 'boolean') throw invalid(`"tracker_script_configuration.${key}" must be true or false`);
      next.tracker_script_configuration[key as (typeof known)[number]] = value;
    }
  }
  const consent = body.consent;
  if (consent !== undefined) {
    if (!isObject(consent)) throw invalid('"consent" must be an object, e.g. {"mode": "banner"}');
    for (const [key, value] of Object.entries(consent)) next.consent = applyConsent(next.consent, key, value);
  }
  const url = body.privacy_policy_url;
  if (url !== undefined) next.privacy_policy_url = url === null || url === '' ? null : checkPolicyUrl(url);
  const cookieDomain = body.cookie_domain;
  if (cookieDomain !== undefined) next.cookie_domain = cookieDomain === null || cookieDomain === '' ? null : checkCookieDomain(cookieDomain, site);
  return next;
}

/**
 * A cookie domain: a lowercase host name with a dot (ASCII, IDN labels in punycode, as the
 * site's domain is stored), the site's domain itself or a parent of it. Browsers refuse a
 * cookie for any other domain, and for a public suffix (co.uk), which cannot be checked here
 * without the public suffix list: docs/privacy.md says what the tracker then does.
 */
function checkCookieDomain(value: unknown, site: { domain: string } | undefined): string {
  const host = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  if (typeof value === 'string' && host.test(value) && (!site || site.domain === value || site.domain.endsWith(`.${value}`))) return value;
  const example = site ? site.domain.split('.').slice(-2).join('.') : 'example.com';
  throw invalid(`"cookie_domain" must be the site's domain or a parent of it, a lowercase host name with a dot (e.g. "${example}"), or null`);
}

function applyConsent(consent: ConsentSettings, key: string, value: unknown): ConsentSettings {
  switch (key) {
    case 'mode':
      if (!(CONSENT_MODES as readonly unknown[]).includes(value)) {
        throw invalid(`"consent.mode" must be one of ${CONSENT_MODES.join(', ')}`);
      }
      return { ...consent, mode: value as ConsentMode };
    case 'tcf_purposes':
      if (!Array.isArray(value) || !value.length || !value.every((p) => Number.isInteger(p) && p >= 1 && p <= 11)) {
        throw invalid('"consent.tcf_purposes" must be a list of TCF purpose numbers from 1 to 11, e.g. [1, 8, 9, 10]');
      }
      return { ...consent, tcf_purposes: [...new Set(value as number[])].sort((a, b) => a - b) };
    case 'cookieconsent_category':
    case 'klaro_service':
      if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
        throw invalid(`"consent.${key}" must be a name of letters, digits, "-" and "_" (at most 64)`);
      }
      return { ...consent, [key]: value };
    case 'refusal_days':
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 395) {
        throw invalid('"consent.refusal_days" must be a whole number of days from 1 to 395');
      }
      return { ...consent, refusal_days: value as number };
    default:
      throw invalid(`"consent.${key}" is not a consent setting; they are mode, tcf_purposes, cookieconsent_category, klaro_service, refusal_days`);
  }
}

function checkPolicyUrl(value: unknown): string {
  if (typeof value === 'string' && value.length <= 2000) {
    try {
      const url = new URL(value);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
    } catch {
      // refused below
    }
  }
  throw invalid('"privacy_policy_url" must be a full http:// or https:// address (at most 2,000 characters), or null');
}

/** The settings as JSON text, for the store. */
export function writeSettings(settings: SiteSettings): string {
  return JSON.stringify(settings);
}

/** What the site's script is told (protocol/tracker.ts): the defaults of the embed's data-*. */
export function scriptData(site: { domain: string; timezone: string }, settings: SiteSettings): SiteScriptData {
  const { consent } = settings;
  const data: SiteScriptData = { site: site.domain };
  // UTC is the script's own default.
  if (site.timezone !== 'Etc/UTC' && site.timezone !== 'UTC') data.tz = site.timezone;
  if (consent.mode !== 'manual') data.consent = consent.mode;
  if (settings.privacy_policy_url) data.policyUrl = settings.privacy_policy_url;
  if (settings.tracker_script_configuration.hash_based_routing) data.hash = '';
  if (settings.cookie_domain) data.cookieDomain = settings.cookie_domain;
  // Defaults stay out: every byte of the script is paid on every page.
  if (consent.mode === 'banner' && consent.refusal_days !== DEFAULT_SETTINGS.consent.refusal_days) data.refusalDays = String(consent.refusal_days);
  if (consent.mode === 'tcf' && consent.tcf_purposes.join() !== DEFAULT_TCF_PURPOSES.join()) data.tcfPurposes = consent.tcf_purposes.join(',');
  if (consent.mode === 'cookieconsent' && consent.cookieconsent_category !== 'analytics') data.ccCategory = consent.cookieconsent_category;
  if (consent.mode === 'klaro' && consent.klaro_service !== 'lagom') data.service = consent.klaro_service;
  return data;
}

// The privacy text for a site's cookie page: what the statistics collect, why, for how long,
// where they are kept and how to withdraw consent, written from the site's actual settings and
// the server's retention, so that the owner publishes what Lagom really does rather than a
// template they must keep true by hand. A pure function: the words are in privacy-text-en.ts and
// privacy-text-sv.ts, which say the same things; this file picks the facts and renders them.
import { TRACKER_FLAGS, type ConsentMode, type TrackerFlag } from '../../protocol/tracker.js';
import { englishText } from './privacy-text-en.js';
import type { SiteSettings } from './settings.js';
import { swedishText } from './privacy-text-sv.js';

export const PRIVACY_LANGS = ['en', 'sv'] as const;
export type PrivacyLang = (typeof PRIVACY_LANGS)[number];

/** How long the server keeps data (LAGOM_HOURLY_DAYS, LAGOM_RETENTION_DAYS). */
export interface RetentionConfig {
  hourlyDays: number;
  /** undefined: daily totals are kept until the owner deletes them */
  retentionDays?: number;
}

export interface PrivacyTextOptions {
  /** the site's domain as shown to people (its display domain) */
  domain: string;
  settings: SiteSettings;
  retention: RetentionConfig;
  /** where the owner's Lagom is reached: the data is kept there */
  origin: string;
  lang: PrivacyLang;
  /** 'city' when the server looks addresses up in a city database (LAGOM_GEOIP_DB); default 'country' */
  location?: 'country' | 'city';
}

/** What the text says, taken from the settings; the words of each language render it. */
export interface PrivacyFacts {
  domain: string;
  origin: string;
  /** the built-in banner asks; otherwise the site's own consent tool (mode says which) */
  banner: boolean;
  mode: ConsentMode;
  /** the features the site's script holds, in TRACKER_FLAGS order */
  features: TrackerFlag[];
  location: 'country' | 'city';
  hourlyDays: number;
  retentionDays?: number;
  /** banner only: days a refusal holds */
  refusalDays: number;
  /** the notes are first-party cookies on this domain, not localStorage */
  cookieDomain: string | null;
}

/** Text with its marks: storage keys as code, the "Cookie settings" link of banner mode. */
export type Inline = string | { code: string } | { link: string };
export type Block = { h: string; level: 2 | 3 } | { p: Inline[] } | { ul: Inline[][] };

export interface PrivacyText {
  text: string;
  html: string;
}

const WORDS: Record<PrivacyLang, (facts: PrivacyFacts) => Block[]> = { en: englishText, sv: swedishText };

export function privacyText(options: PrivacyTextOptions): PrivacyText {
  const { settings } = options;
  const facts: PrivacyFacts = {
    domain: options.domain,
    origin: options.origin,
    banner: settings.consent.mode === 'banner',
    mode: settings.consent.mode,
    features: TRACKER_FLAGS.filter((flag) => settings.tracker_script_configuration[flag]),
    location: options.location ?? 'country',
    hourlyDays: options.retention.hourlyDays,
    retentionDays: options.retention.retentionDays,
    refusalDays: settings.consent.refusal_days,
    cookieDomain: settings.cookie_domain,
  };
  const blocks = WORDS[options.lang](facts);
  const quote = options.lang === 'sv' ? (s: string) => `”${s}”` : (s: string) => `“${s}”`;
  return { text: renderText(blocks, quote), html: renderHtml(blocks) };
}

function renderText(blocks: Block[], quote: (s: string) => string): string {
  const inline = (parts: Inline[]) =>
    parts.map((part) => (typeof part === 'string' ? part : 'code' in part ? part.code : quote(part.link))).join('');
  return (
    blocks
      .map((block) => {
        if ('h' in block) return block.h;
        if ('p' in block) return inline(block.p);
        return block.ul.map((item) => `- ${inline(item)}`).join('\n');
      })
      .join('\n\n') + '\n'
  );
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Everything the HTML inserts goes through this: the domain and origin come from the owner's input. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function renderHtml(blocks: Block[]): string {
  const inline = (parts: Inline[]) =>
    parts
      .map((part) => {
        if (typeof part === 'string') return escapeHtml(part);
        if ('code' in part) return `<code>${escapeHtml(part.code)}</code>`;
        // The built-in banner reopens on a click on any [data-lagom-banner] element.
        return `<a href="#" data-lagom-banner>${escapeHtml(part.link)}</a>`;
      })
      .join('');
  return (
    blocks
      .map((block) => {
        if ('h' in block) return `<h${block.level}>${escapeHtml(block.h)}</h${block.level}>`;
        if ('p' in block) return `<p>${inline(block.p)}</p>`;
        return `<ul>\n${block.ul.map((item) => `  <li>${inline(item)}</li>`).join('\n')}\n</ul>`;
      })
      .join('\n') + '\n'
  );
}

// A site's own tracker script: the build's script for exactly its features (dist/public/site/
// <mask>.js, one per combination, scripts/build-tracker.mjs) with what the script needs to know
// about the site written in where the build left a marker. Built on first request and kept,
// compressed once, until the settings change; no bundler runs here.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BUILD_FLAGS, type SiteScriptData } from '../../protocol/tracker.js';
import type { PageGoal } from './registry.js';
import { escapeRegex, filterPattern } from '../store/stats-sql.js';
import { LagomError } from '../core/errors.js';
import type { SiteRecord } from '../store/records.js';
import { readSettings, scriptData, type SiteSettings } from './settings.js';

/** Where the build leaves the site's settings in each site script (SITE_MARKER in scripts/build-tracker.mjs). */
const SITE_MARKER = '__LAGOM_SITE__';

/** Scripts kept built; a Lagom with more sites than this builds the rest again when asked. */
const CACHE_LIMIT = 2000;

export interface BuiltScript {
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** sha256 of the body, base64url: the ETag's value */
  tag: string;
  /** the `integrity` attribute's value for the body */
  integrity: string;
  /** the pinned copy's name: `p/<token>.js` holds these bytes for good */
  token: string;
}

/** The bit mask of a site's features: the name of the build's script for them. */
export function featureMask(settings: SiteSettings, pageGoals: readonly PageGoal[]): number {
  return BUILD_FLAGS.reduce((mask, flag, bit) => {
    const on =
      flag === 'page_goals' ? pageGoals.length > 0 : flag === 'cookie_domain' ? settings.cookie_domain !== null : settings.tracker_script_configuration[flag];
    return on ? mask | (1 << bit) : mask;
  }, 0);
}

/**
 * A pageview goal's path pattern as a regular expression on the path the tracker sends: the
 * page's path as the browser has it (percent-escaped) and in hash mode "#" sent as "%23", where
 * the server matches the stored path (decoded, "#"). A pattern with a `\` escape is matched as
 * written.
 */
export function trackerPattern(pagePath: string): string {
  const sent = pagePath.includes('\\') ? pagePath : encodeURI(pagePath).replace(/#/g, '%23');
  const p = filterPattern(sent);
  return 'regex' in p ? p.regex : `^${escapeRegex(p.literal)}$`;
}

/** The keys a pinned script's data may have, each a string (protocol/tracker.ts, SiteScriptData). */
const DATA_KEYS = ['site', 'tz', 'consent', 'policyUrl', 'hash', 'cookieDomain', 'refusalDays', 'tcfPurposes', 'ccCategory', 'service', 'goals'] as const;

export class SiteScripts {
  private readonly code = new Map<number, string>();
  private readonly built = new Map<string, BuiltScript>();

  /** `dir`: the build's site scripts (dist/public/site). */
  constructor(private readonly dir: string) {}

  /** The script of a registered site, as its settings are now. */
  forSite(site: SiteRecord, pageGoals: readonly PageGoal[]): BuiltScript {
    const settings = readSettings(site.settings);
    const data = scriptData(site, settings);
    if (pageGoals.length) data.goals = pageGoals.map((g) => [g.id, trackerPattern(g.page_path)]);
    return this.build(featureMask(settings, pageGoals), data);
  }

  /**
   * The pinned script a token names: the same mask and data give the same bytes, whatever the
   * site's settings are now. `registered` says whether a site is still registered.
   */
  fromToken(token: string, registered: (domain: string) => boolean): BuiltScript {
    const pinned = decodeToken(token);
    if (!pinned || !registered(pinned.data.site)) throw new LagomError(404, 'not_found', 'No such pinned script');
    return this.build(pinned.mask, pinned.data);
  }

  private build(mask: number, data: SiteScriptData): BuiltScript {
    const json = JSON.stringify(data);
    const key = `${mask}:${json}`;
    const kept = this.built.get(key);
    if (kept) return kept;
    // The data is JSON, which is JavaScript; it goes where the build's marker stands as an
    // expression, spread into the script's data.
    const body = Buffer.from(this.source(mask).replace(SITE_MARKER, () => json));
    const script: BuiltScript = {
      body,
      gzip: gzipSync(body, { level: 9 }),
      br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      tag: createHash('sha256').update(body).digest('base64url').slice(0, 22),
      integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
      token: Buffer.from(JSON.stringify([mask, data])).toString('base64url'),
    };
    if (this.built.size >= CACHE_LIMIT) this.built.delete(this.built.keys().next().value!);
    this.built.set(key, script);
    return script;
  }

  private source(mask: number): string {
    let code = this.code.get(mask);
    if (code === undefined) {
      const file = join(this.dir, `${mask}.js`);
      if (!existsSync(file)) throw new LagomError(503, 'not_built', 'The site scripts are not built; run "npm run build"', { expose: true });
      code = readFileSync(file, 'utf8');
      if (!code.includes(SITE_MARKER)) throw new LagomError(503, 'not_built', `${file} has no settings marker; run "npm run build"`, { expose: true });
      this.code.set(mask, code);
    }
    return code;
  }
}

/** A pinned script's token → its mask and data, or undefined when it is not one Lagom made. */
function decodeToken(token: string): { mask: number; data: SiteScriptData } | undefined {
  if (!/^[A-Za-z0-9_-]{1,4000}$/.test(token)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [mask, data] = value as [unknown, unknown];
  if (!Number.isInteger(mask) || (mask as number) < 0 || (mask as number) >= 1 << BUILD_FLAGS.length) return undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const entries = Object.entries(data);
  const isGoals = (v: unknown) =>
    Array.isArray(v) && v.length <= 1000 && v.every((g) => Array.isArray(g) && g.length === 2 && g.every((x) => typeof x === 'string' && x.length <= 4000));
  const ok = entries.every(([k, v]) => (DATA_KEYS as readonly string[]).includes(k) && (k === 'goals' ? isGoals(v) : typeof v === 'string' && v.length <= 2000));
  if (!ok || typeof (data as { site?: unknown }).site !== 'string') return undefined;
  // Only the order scriptData writes makes the same bytes: rebuild the object in that order.
  const ordered = Object.fromEntries(DATA_KEYS.filter((k) => k in data).map((k) => [k, (data as Record<string, unknown>)[k]]));
  return { mask: mask as number, data: ordered as unknown as SiteScriptData };
}

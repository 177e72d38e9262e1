import { UAParser } from 'ua-parser-js';
import { isbot } from 'isbot';
import { isIP } from 'node:net';
import type { IngestEvent, Step } from './types.js';
import { sourceForReferrer } from './sources.js';
import { MOBILE_APP, browserName, osName } from './names.js';
import { PAGEVIEW } from '../../protocol/wire.js';

export const refuseGpc: Step = {
  name: 'refuse_gpc',
  run: (e) => (e.request.gpc ? { drop: 'gpc' } : undefined),
};

// Headless browsers and automation frameworks announce themselves in the user agent even when
// isbot's list does not (yet) name them.
const AUTOMATION = /headless|phantomjs|selenium|webdriver|puppeteer|playwright/i;

const looksLikeBot = (ua: string) => !ua || isbot(ua) || AUTOMATION.test(ua);

/** After parse_user_agent, which caches the verdict with the parsed agent. */
export const dropBots: Step = {
  name: 'drop_bots',
  run: (e) => (e.bot ? { drop: 'bot' } : undefined),
};

interface ParsedAgent {
  bot: boolean;
  browser: string;
  browserVersion: string;
  os: string;
  osVersion: string;
  uaDevice: string;
}

/** A bounded cache: parsing is the hot path and real traffic repeats a few thousand agents. */
export class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  get size(): number {
    return this.map.size;
  }
}

function parseAgent(ua: string, hints: Record<string, string>): ParsedAgent {
  // Client hints name what the user-agent string freezes (Windows 11, the real Android model).
  // Given the headers, withClientHints() answers synchronously (it returns a promise only in
  // browsers, where it asks navigator.userAgentData).
  const r = Object.keys(hints).length
    ? (UAParser({ ...hints, 'user-agent': ua }).withClientHints() as UAParser.IResult)
    : UAParser(ua);
  const browser = r.browser.name ? browserName(r.browser.name, r.browser.type) : '';
  return {
    bot: looksLikeBot(ua),
    browser,
    // An app's version is the app's, not a browser's: Plausible keeps none.
    browserVersion: browser === MOBILE_APP ? '' : (r.browser.major ?? ''),
    os: r.os.name ? osName(r.os.name) : '',
    osVersion: majorMinor(r.os.version),
    uaDevice: r.device.type ?? '',
  };
}

/** OS versions are kept coarse: "10.15.7" → "10.15", so the version can't narrow anyone down. */
function majorMinor(version: string | undefined): string {
  if (!version) return '';
  return version.split('.').slice(0, 2).join('.');
}

/** Plausible's screen-size classes, used when the user agent does not say. */
export function deviceClass(uaDevice: string, width: number | undefined): string {
  if (uaDevice === 'mobile' || uaDevice === 'wearable') return 'Mobile';
  if (uaDevice === 'tablet') return 'Tablet';
  // Plausible counts game consoles and TVs as desktops, whatever their window's width.
  if (uaDevice === 'console' || uaDevice === 'smarttv') return 'Desktop';
  if (width === undefined || width === 0) return 'Desktop';
  if (width < 576) return 'Mobile';
  if (width < 992) return 'Tablet';
  return 'Desktop';
}

export const HINT_HEADERS = [
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'sec-ch-ua-platform-version',
  'sec-ch-ua-model',
  'sec-ch-ua-full-version-list',
] as const;

function hintKey(ua: string, hints: Record<string, string>): string {
  let key = ua;
  for (const h of HINT_HEADERS) if (hints[h]) key += `\n${h}:${hints[h]}`;
  return key;
}

export function parseUserAgent(cacheSize = 5000): Step {
  const cache = new LruCache<ParsedAgent>(cacheSize);
  return {
    name: 'parse_user_agent',
    run: (e) => {
      const { userAgent, hints } = e.request;
      const key = hintKey(userAgent, hints);
      let parsed = cache.get(key);
      if (!parsed) {
        parsed = parseAgent(userAgent, hints);
        cache.set(key, parsed);
      }
      e.bot = parsed.bot;
      e.browser = parsed.browser;
      e.browserVersion = parsed.browserVersion;
      e.os = parsed.os;
      e.osVersion = parsed.osVersion;
      e.device = deviceClass(parsed.uaDevice, e.wire.w);
      return undefined;
    },
  };
}

/**
 * A path as people read it: percent-escapes decoded ("/caf%C3%A9" → "/café"), and the hash
 * route the tracker sends in hash mode ("/%23/about") shown as written ("/#/about"). Malformed
 * escapes are kept as sent.
 */
export function cleanPath(path: string): string {
  let clean = path;
  try {
    clean = decodeURI(path);
  } catch {
    // kept as sent
  }
  return clean.replace(/%23/gi, '#').slice(0, 2000);
}

/** Keeps the host and the path; the query string and fragment are dropped (they leak tokens). */
export const enrichUrl: Step = {
  name: 'enrich_url',
  run: (e) => {
    const url = new URL(e.wire.u);
    e.hostname = url.hostname.replace(/^www\./, '');
    e.path = cleanPath(url.pathname) || '/';
    e.search = url.search;
    // The entry and previous pages come from the same tracker and read the same way.
    e.entryPath = e.wire.e === undefined ? (e.wire.fs ? e.path : '') : cleanPath(e.wire.e);
    e.previousPath = e.wire.xp === undefined ? undefined : cleanPath(e.wire.xp);
    // A custom event's key books on the event's name alone: its page is where it happened,
    // which later events do not know.
    e.visitKeys = (e.wire.ks ?? []).map((k) => (k[0] === '!' ? { name: k.slice(1), path: '' } : { name: PAGEVIEW, path: cleanPath(k) || '/' }));
    return undefined;
  },
};

/** One parse instead of URL.canParse and then new URL (Node 20 has no URL.parse). */
function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

const UTM_KEYS = ['source', 'medium', 'campaign', 'content', 'term'] as const;

/** Where a visit can come from: websites, and Android apps (`android-app://com.example.app`). */
const REFERRER_SCHEMES = new Set(['http:', 'https:', 'android-app:']);

/**
 * The host a referrer names, without "www.", when it is a source: a website or an app other than
 * the site itself. A bare IP address names a machine (often one on the visitor's own network),
 * not a website, and localhost is a developer's own; neither is kept.
 */
function referrerHost(ref: URL, ownHost: string): string {
  if (!REFERRER_SCHEMES.has(ref.protocol)) return '';
  const host = ref.hostname.replace(/^www\./, '');
  if (!host || host === ownHost || host === 'localhost' || isIP(host.replace(/^\[|\]$/g, ''))) return '';
  return host;
}

/**
 * The referrer as Plausible shows it: host and path, the path's trailing slashes dropped
 * ("facebook.com", "news.ycombinator.com/item"), without the scheme unless it names an app. The
 * query string and fragment are never kept: they carry search terms and tokens.
 */
function referrerText(ref: URL, host: string): string {
  const app = ref.protocol === 'android-app:' ? 'android-app://' : '';
  return `${app}${host}${ref.pathname.replace(/\/+$/, '')}`.slice(0, 500);
}

/** Source of the visit: UTM/ref parameters of its entry URL first, then its referrer. */
export const enrichSource: Step = {
  name: 'enrich_source',
  run: (e) => {
    // The visit's campaign parameters; a client other than the tracker may only have the URL.
    const query = e.wire.q ?? e.search;
    // Most events carry no query: no parameters to parse (this runs for every event).
    const params = query ? new URLSearchParams(query) : undefined;
    if (params) for (const k of UTM_KEYS) e.utm[k] = (params.get(`utm_${k}`) ?? '').slice(0, 300);
    const ref = e.wire.r ? parseUrl(e.wire.r) : undefined;
    const refHost = ref ? referrerHost(ref, e.hostname) : '';
    if (ref && refHost) e.referrer = referrerText(ref, refHost);
    const tagged = params && (params.get('utm_source') ?? params.get('ref') ?? params.get('source'));
    e.source = tagged ? sourceForReferrer(tagged) : refHost ? sourceForReferrer(refHost) : '';
    return undefined;
  },
};

export function emptyEvent(wire: IngestEvent['wire'], request: IngestEvent['request']): IngestEvent {
  return {
    wire,
    request,
    hostname: '',
    path: '',
    search: '',
    entryPath: '',
    previousPath: undefined,
    visitKeys: [],
    source: '',
    referrer: '',
    utm: { source: '', medium: '', campaign: '', content: '', term: '' },
    bot: false,
    browser: '',
    browserVersion: '',
    os: '',
    osVersion: '',
    device: '',
    country: '',
    region: '',
    city: '',
  };
}

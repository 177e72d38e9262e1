// Plausible's fixtures name a browser, an OS and a screen class; a real browser says them in
// its user agent and its screen. This file writes the user agent (and screen) a real browser of
// that kind would have, so that Lagom's own parsing (ua-parser-js) finds the fixture's values,
// or, where Lagom names or keeps them differently, shows that difference.
import type { Agent, Screen } from './types.js';

const CHROME_VERSION = '120';
const FIREFOX_VERSION = '120';
const SAFARI_VERSION = '17';

/**
 * The platform part of the user agent, between the parentheses. A fixture without an OS gets a
 * platform from which no OS can be read ("X11; U"), as Plausible stores none for it.
 */
function platform(a: Agent): string {
  const v = a.osVersion;
  switch (a.os) {
    case undefined:
      // Plausible's fixture "os_version without an OS" has no real counterpart; a version alone
      // is what a Mac with that version says (the version is what such a case filters on).
      return v ? `Macintosh; Intel Mac OS X ${v.replace(/\./g, '_')}` : 'X11; U';
    case 'Mac':
      return `Macintosh; Intel Mac OS X ${(v ?? '10.15').replace(/\./g, '_')}`;
    // Windows 11 says "Windows NT 10.0" too and is told only by client hints, which the
    // replay does not send (site.ts): no case needs it.
    case 'Windows':
      if (v !== undefined && v !== '10') throw new Error(`agents: no user agent for Windows ${v}`);
      return 'Windows NT 10.0; Win64; x64';
    case 'iOS':
      return `iPhone; CPU iPhone OS ${(v ?? '17.0').replace(/\./g, '_')} like Mac OS X`;
    case 'Android':
      return `Linux; Android ${v ?? '14'}; Pixel 8`;
    case 'GNU/Linux':
    case 'Linux':
      return 'X11; Linux x86_64';
    default:
      throw new Error(`agents: no user agent for the OS "${a.os}"`);
  }
}

/** The product part after the platform. A fixture without a browser gets none. */
function product(a: Agent): { tail: string; rv?: string } {
  const major = a.browserVersion?.split('.')[0];
  const chrome = (v: string) => `AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`;
  switch (a.browser) {
    case undefined:
      // A version without a name (Plausible's "(not set)" browser) has no real counterpart either.
      if (major) throw new Error('agents: a browser version needs a browser name');
      return { tail: 'AppleWebKit/537.36 (KHTML, like Gecko)' };
    case 'Chrome':
      return { tail: chrome(major ?? CHROME_VERSION) };
    case 'Edge':
      return { tail: `${chrome(major ?? CHROME_VERSION)} Edg/${major ?? CHROME_VERSION}.0.0.0` };
    case 'Avast Secure Browser':
      return { tail: `${chrome(major ?? CHROME_VERSION)} Avast/${major ?? CHROME_VERSION}.0.0.0` };
    case 'Firefox':
      return { tail: `Gecko/20100101 Firefox/${major ?? FIREFOX_VERSION}.0`, rv: `rv:${major ?? FIREFOX_VERSION}.0` };
    case 'Safari':
      return { tail: `AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${major ?? SAFARI_VERSION}.0 Safari/605.1.15` };
    case 'IE':
      return { tail: 'like Gecko', rv: `Trident/7.0; rv:${major ?? '11'}.0` };
    default:
      throw new Error(`agents: no user agent for the browser "${a.browser}"`);
  }
}

export function userAgent(a: Agent): string {
  const { tail, rv } = product(a);
  return `Mozilla/5.0 (${platform(a)}${rv ? `; ${rv}` : ''}) ${tail}`;
}

/**
 * Screen widths of Plausible's classes (its old width classes: < 576 Mobile, < 992 Tablet,
 * < 1440 Laptop, else Desktop). A fixture without one keeps the browser's default, 1280 px:
 * every real browser has a screen.
 */
const WIDTHS: Record<Screen, number> = { Mobile: 375, Tablet: 768, Laptop: 1280, Desktop: 1440 };

export function viewport(screen: Screen | undefined): { width: number; height: number } | undefined {
  return screen ? { width: WIDTHS[screen], height: 800 } : undefined;
}

/** Plausible's fixtures set `referrer_source` directly; a real visit has a referrer of that source. */
const SOURCE_REFERRERS: Record<string, string> = {
  Google: 'https://www.google.com/',
  Bing: 'https://www.bing.com/',
  Twitter: 'https://twitter.com/',
  Facebook: 'https://www.facebook.com/',
};

export function sourceReferrer(source: string): string | undefined {
  if (source === '') return undefined;
  const url = SOURCE_REFERRERS[source];
  if (!url) throw new Error(`agents: no referrer for the source "${source}"`);
  return url;
}

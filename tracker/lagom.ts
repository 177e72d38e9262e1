// The Lagom browser tracker, built to one minified file served at /lagom.js.
// Goals, in order: 1. keep the promise (nothing sent or stored before consent; revoking
// deletes what was stored), 2. count correctly without any identifier, 3. stay small
// (the build fails above 1,400 bytes gzip). Documented in docs/tracker.md.
//
// Two builds of this file (scripts/build-tracker.mjs): the generic /lagom.js, configured by the
// embed's data-* attributes, and a site's own script (/js/<domain>.js), one build per
// combination of features (LAGOM_FEATURES folds each `if` away) with the site's settings
// written in by the server. What the generic script has no room for lives in files loaded only
// when asked for (docs/tracker.md, "Size"): the consent tools (consent/*.ts) and the extras
// (extras.ts). They talk to this file only through `window.lagom` (shared/api.ts).
//
// Size habits: top-level code (the build wraps it in one closure, so the minifier renames
// everything), locals for globals used twice, two storage keys, one-letter state keys. Every
// byte here is paid on every page of every site: measure before adding (`node scripts/build.mjs`).
import type { Data, Lagom, Props } from './shared/api.js';
import { clicks } from './features/clicks.js';
import { engagement } from './features/engagement.js';
import { forms } from './features/forms.js';
import { attrs, on } from './features/dom.js';
import { MAX_VISIT_KEY_LENGTH, MAX_VISIT_KEYS, PAGEVIEW, WIRE_VERSION, type WireEvent } from '../protocol/wire.js';

/** One call waiting for consent or being sent: [name, props, path, campaign query, more wire fields]. */
type Item = [string, Props, string, string | undefined, Partial<WireEvent>?];

/**
 * What the tracker keeps in localStorage under `lagom_s`, beside the consent marker `lagom`.
 * Only consent(true) writes the marker, so a tab sending while another withdraws (storage
 * reaches other tabs late) can write back only the state, which the next load removes.
 */
interface State {
  /** the site's date (2026-12-01, in its time zone) that `p` belongs to */
  y?: string;
  /**
   * what was counted today: "pageview" + path for page visitors, the name for goals; in cookie
   * mode their 32-bit FNV-1a hashes, which keep the cookie small
   */
  p: (string | number)[];
  /** five-minute UTC slot number of the last event (realtime visitors) */
  m?: number;
  /** time of the visit's last event (ms); the visit ends 30 minutes after it */
  t?: number;
  /** time of the visit's first pageview (ms) */
  a: number;
  /** the visit's keys so far: page paths, "!" + custom event names (wire.ts, `fi`/`ks`) */
  g: string[];
  /** pageviews so far in the visit */
  k: number;
  /** path of the visit's last pageview */
  x: string;
  /** the visit fields sent with every event of the visit: referrer, entry path, campaign query */
  v: Pick<WireEvent, 'r' | 'e' | 'q'>;
}

const KEY = 'lagom';
const STATE = 'lagom_s';
// A const enum, because esbuild folds and inlines its values where plain consts cost a
// declaration each.
const enum Limit {
  /** a visit ends after 30 minutes without events */
  VisitMs = 30 * 60 * 1000,
  DayMs = 24 * 60 * 60 * 1000,
  /** the five-minute slots of realtime visitors */
  SlotMs = 5 * 60 * 1000,
  /** consent lasts 13 months (395 days) */
  ConsentMs = 395 * 24 * 60 * 60 * 1000,
  /** the same in seconds: the consent cookie's max-age */
  ConsentS = 395 * 24 * 60 * 60,
  /** calls held before consent; a page that makes more before the answer loses the rest */
  Queue = 20,
  /**
   * cookie mode: the state cookie's max-age (s), a day and a half. Every event writes it again;
   * a state not written for that long is of an earlier day (a day is at most 25 hours), and its
   * visit is long over, so nothing of it would count anyway.
   */
  StateAge = 36 * 60 * 60,
  /**
   * cookie mode: the most characters the state cookie's value may take. Browsers keep a cookie
   * whose name and value take at most 4,096 bytes (Chromium refuses one byte more, Firefox the
   * same); 3,800 leaves room for the attributes where a browser counts them too (RFC 6265's
   * minimum is 4,096 bytes for the whole cookie).
   */
  CookieBytes = 3800,
  /**
   * cookie mode: the visit's keys stop growing where the state would pass this, which leaves
   * today's keys at least 1,000 characters (about 75 of them, 13 characters each encoded)
   */
  VisitKeyBytes = 2800,
}

const d = document;
const l = location;
const n = navigator;
// The embed must be a classic script (not type="module"), or currentScript is null.
const script = d.currentScript as HTMLScriptElement;
// A site's script: the embed's attributes over the site's settings.
const data = (LAGOM_PER_SITE ? { ...LAGOM_SITE, ...script.dataset } : script.dataset) as Data;
const api = new URL('/api/event', data.api || script.src);
// `data-prop-author="Uku"`: custom properties of this page's pageviews (a custom event has its
// own, from `lagom('event', name, props)`). Keys as written after the prefix.
const pageProps = LAGOM_FEATURES.pageview_props ? attrs(script, 'data-prop-') : undefined;
// `data-exclude="/admin*, /drafts/*"`: comma-separated paths, `*` matches anything.
const exclude = RegExp(`^(${(data.exclude || '-').replace(/[\s,]+/g, '|').replace(/\*/g, '.*')})$`);
// Reading localStorage throws where the browser forbids storage (sandboxed frames, blocked
// site data). The tracker then stops right here, inert: without storage every event would
// look like a new visitor's, and `window.lagom` stays the page's harmless queue stub.
const storage = localStorage;


// Refusals (GPC, DNT) and exclusions (developer machines, automated browsers) make the
// tracker inert for the whole page: consent(true) cannot override them.
const off =
  (n as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl ||
  (n.doNotTrack == '1' && data.respectDnt != 'false') ||
  (/^(localhost|127\.|\[::1\])/.test(l.hostname) && data.allowLocalhost == null) ||
  (n.webdriver && data.allowAutomation == null);

/** 0: waiting for an answer (queue), 1: granted, 2: refused or off (drop) */
let consent = off ? 2 : (LAGOM_FEATURES.cookie_domain ? jar(KEY)! : storage[KEY]) > Date.now() ? 1 : 0;
let queue: Item[] = [];
/** path (in hash mode with the route) of the last pageview: the page later events belong to */
let page: string;

const wipe = () => {
  // Cookie mode removes the cookies on the whole domain, and what an earlier localStorage
  // script left on this host.
  LAGOM_FEATURES.cookie_domain && (jar(KEY, '', 0), jar(STATE, '', 0));
  delete storage[KEY];
  delete storage[STATE];
};

const send = ([name, props, path, search, more]: Item) => {
  // Consent revoked in another tab removed the marker: this page stops too.
  if (!(LAGOM_FEATURES.cookie_domain ? jar(KEY) : storage[KEY])) return (consent = 2);
  const time = Date.now();
  // The visitor's day is the site's calendar day (its time zone, written into a site's script;
  // `data-tz` on the generic one, else UTC), as the reports count days. A date is all it takes
  // to tell a new day ("sv" writes it as 2026-12-01).
  const day = new Date(time).toLocaleDateString('sv', { timeZone: data.tz || 'UTC' });
  const slot = (time / Limit.SlotMs) | 0;
  const pageview = name == PAGEVIEW;
  const s: State = JSON.parse(LAGOM_FEATURES.cookie_domain ? decodeURIComponent(jar(STATE) || '{}') : storage[STATE] || '{}');
  // The URL is origin and path: its query and fragment never leave the browser.
  const o: WireEvent = { v: WIRE_VERSION, n: name, u: l.origin + path, d: LAGOM_PER_SITE ? data.site! : data.site || l.hostname, w: screen.width, p: props as WireEvent['p'], ...more };

  if (s.y != day) {
    s.y = day;
    s.p = [];
    o.fv = 1;
  }
  if (s.m != slot) {
    s.m = slot;
    o.fm = 1;
  }
  // A page's visitors are those with any event on it today (a custom event on a page not
  // viewed today, too); a goal's, those who fired it today.
  const fresh = (k: string | number) => (LAGOM_FEATURES.cookie_domain && (k = hash(k as string)), !s.p.includes(k) && s.p.push(k));
  if (fresh(PAGEVIEW + path)) o.fp = 1;
  if (!pageview && fresh(name)) o.fg = 1;
  // A site's pageview goals: a goal over several pages has its visitor once, so where "first time
  // today for the goal" is not "first view of this page today" the difference goes along (`gv`).
  if (LAGOM_FEATURES.page_goals && pageview) {
    for (const [id, re] of (data as unknown as { goals: [string, string][] }).goals) {
      if (RegExp(re).test(path)) {
        const fix = (fresh('#' + id) ? 1 : 0) - (o.fp || 0);
        fix && ((o.gv ||= {})[id] = fix);
      }
    }
  }

  // Only a pageview starts a visit; a custom event after the visit expired belongs to no
  // visit, so it carries no visit fields and does not revive it.
  let live: boolean | number = time - s.t! < Limit.VisitMs;
  if (pageview && !live) {
    const ref = d.referrer;
    s.k = 0;
    s.x = '';
    // Only external referrers name a source; navigation inside the site is not one (and a
    // same-site referrer is a full URL, query included).
    // In cookie mode the referrer's query and fragment stay out of the cookie (the collector
    // keeps only its scheme, host and path, at most 500 characters of them: ingest/enrich.ts),
    // so no search terms travel to the site's servers and a long referrer cannot fill the cookie.
    s.v = { r: ref.split('/')[2] != l.host ? (LAGOM_FEATURES.cookie_domain ? ref.split(/[?#]/)[0]!.slice(0, 600) : ref) : '', e: path, q: search };
    s.g = [];
    o.fs = o.b = 1;
    live = s.t = s.a = time;
  }
  if (live) {
    o.dd = time - s.t!;
    Object.assign(o, s.v);
    if (pageview) {
      if (s.k++ == 1) o.b = -1;
      o.xp = s.x;
      s.x = path;
    }
    // What the visit has done so far: its other keys get this event's duration (and the
    // un-bounce), a key new to the visit counts the visit for itself.
    const k = pageview ? path : '!' + name;
    const others = s.g.filter((x) => x != k);
    if (others[0]) o.ks = others;
    if (others.length == s.g.length) {
      o.fi = 1;
      o.ds = time - s.a;
      if (s.k == 1) o.kb = 1;
      // In cookie mode a key is not kept either once the visit's keys would take the cookie past
      // VisitKeyBytes (the key's JSON in the list, plus a comma: 3 characters encoded).
      s.g.length < MAX_VISIT_KEYS &&
        k.length <= MAX_VISIT_KEY_LENGTH &&
        (!LAGOM_FEATURES.cookie_domain || encode(s).length + encode(k).length + 3 <= Limit.VisitKeyBytes) &&
        s.g.push(k);
    }
    s.t = time;
  }
  if (LAGOM_FEATURES.cookie_domain) {
    // A browser drops a cookie over its size limit, which would lose the state (a new visitor).
    // Over the bound the oldest of today's keys go (that page or goal may count its visitor
    // again today), after the visit's new key was not kept (above).
    let v;
    while ((v = encode(s)).length > Limit.CookieBytes && s.p.shift() != null);
    jar(STATE, v, Limit.StateAge);
  }
  // A full storage throws here, and the event is not sent: without its state the next
  // event would be counted as a new visitor's.
  else storage[STATE] = JSON.stringify(s);

  // sendBeacon survives page unload (a click on a link that leaves the page still counts) and
  // sends a string body as text/plain: a "simple" request, no CORS preflight. Every browser the
  // ES2020 syntax runs in has it; it refuses only above 64 KiB in flight, which events never
  // reach, so a fetch() fallback would be bytes on every page for nothing. Where something has
  // removed it, nothing is sent, and the page's own calls (pushState) must not fail for it.
  //
  // Cookie mode: sendBeacon sends the page's cookies, which would reach a collector on a
  // subdomain of the cookie domain (stats.example.com). fetch() with credentials 'omit' sends
  // none; keepalive lets it outlive the page as a beacon does, and a string body is text/plain,
  // still a simple request. A failed request is nothing the page should hear of.
  LAGOM_FEATURES.cookie_domain
    ? fetch(api, { method: 'POST', body: JSON.stringify(o), keepalive: true, credentials: 'omit' }).catch(Boolean)
    : n.sendBeacon?.(api, JSON.stringify(o));
};

/** The page's path, plus the route in hash mode ("/#/about", without the route's query). */
const where = () => l.pathname + (data.hash != null ? l.hash.split('?')[0] : '');

const track = (name: string, props?: Props, more?: Item[4]) => {
  // A pageview moves to the current location; any other event belongs to the page of the
  // last pageview (for the extras' engagement event, sent while leaving it). Before moving,
  // the extras end the previous page (its engagement).
  name == PAGEVIEW && (cmd.h?.(), (page = where()), (props = pageProps));
  const path = page;
  const item: Item = [
    name,
    props,
    // The collector drops fragments, so the hash route travels in the path, "#" escaped.
    path.replace('#', '%23'),
    // Of the query, only the campaign parameters are ever sent (`q`), never the rest.
    l.search.match(/[?&](utm_\w+|ref|source)=[^&]*/g)?.join('').slice(1),
    more,
  ];
  exclude.test(path) || (consent == 1 ? send(item) : consent || (queue.length < Limit.Queue && queue.push(item)));
};

const cmd = ((c, a, b, x) => {
  if (c == 'consent') {
    // Only `true` grants: a page passing "false" or "no" by mistake has not asked.
    if (a !== true) {
      consent = 2;
      queue = [];
      wipe();
    } else if (!off) {
      // The marker holds when consent ends: 13 months on (the CNIL's guidance), then the
      // visitor is asked again.
      LAGOM_FEATURES.cookie_domain ? jar(KEY, Date.now() + Limit.ConsentMs, Limit.ConsentS) : (storage[KEY] = Date.now() + Limit.ConsentMs);
      consent = 1;
      queue.splice(0).forEach(send);
    }
  } else if (c == 'event') {
    // A revenue goal's amount travels in its own fields, not as a prop.
    if (LAGOM_FEATURES.revenue_tracking) {
      const r = b?.revenue as unknown as { amount: number; currency: string } | undefined;
      r && ((b = { ...b }), delete b.revenue, (x = { ...x, ra: r.amount, rc: r.currency }));
    }
    track(a as string, b, x);
  }
  // The site's 404 page calls lagom('404'): Plausible's "404" event, with the missing path.
  else if (LAGOM_FEATURES.track_404_pages && c == '404') track(c, { path: page });
  // A "Cookie settings" link: the built-in banner asks again (its file sets `b`).
  else if (c == 'banner') cmd.b?.();
  // The tracker counts page loads and SPA navigations itself; a page's own call counts only a
  // view it missed, so calling it on top of the automatic detection never counts twice.
  else if (c == PAGEVIEW) spa();
}) as Lagom;

// An SPA navigation is a pageview only when the path (in hash mode: or the route) changes;
// query changes are the same page, which also keeps anchor clicks that fire popstate from
// counting.
const spa = () => page != where() && track(PAGEVIEW);
const h = history;
for (const m of ['pushState', 'replaceState'] as const) {
  const orig = h[m];
  h[m] = (...args: Parameters<History['pushState']>) => {
    orig.apply(h, args);
    spa();
  };
}
on('popstate', spa);
// A page restored from the back-forward cache runs no script again, but it is a new view.
on('pageshow', (e) => e.persisted && track(PAGEVIEW));

// A refusal also removes what an earlier consent stored, and without the consent marker no
// state may stay (one written back by a tab that sent while consent was withdrawn).
consent == 1 || wipe();
// Optional files load from the script's own server, with its version: lagom.v2.js loads
// lagom-banner.v2.js (the build defines LAGOM_SUFFIX; a site's script loads versioned files).
// import() is the shortest way to load a script (it takes the URL as is: it turns its argument
// into a string itself); it is a CORS request, which the Lagom server allows for the tracker's
// files.
const load = (name: string) => import(new URL(`/lagom-${name}${LAGOM_SUFFIX}.js`, script.src) as unknown as string);
const pending = (self as { lagom?: Lagom }).lagom?.q || [];
(self as { lagom?: Lagom }).lagom = cmd;
cmd.d = data;
// The banner keeps its refusal where the core keeps consent: in cookie mode, a cookie on the
// domain, through the core's own jar.
if (LAGOM_FEATURES.cookie_domain) cmd.k = jar;
// The automatic pageview goes first, so consent given in the queue sends it before the
// queued events.
track(PAGEVIEW);
for (const args of pending) cmd(...(args as unknown as Parameters<Lagom>));
// The consent tool's glue (consent/*.ts) always loads: the banner also offers itself again
// (`lagom('banner')`), a consent manager reports a withdrawal later in the page's life.
if (data.consent && !off) load(data.consent);
if (!off) {
  if (LAGOM_PER_SITE) {
    LAGOM_FEATURES.engagement && engagement(cmd);
    (LAGOM_FEATURES.outbound_links || LAGOM_FEATURES.file_downloads || LAGOM_FEATURES.tagged_events) && clicks(cmd);
    LAGOM_FEATURES.form_submissions && forms(cmd);
  } else if (data.extras != null) load('extras');
}

// Cookie mode (a site's script built with cookie_domain; docs/privacy.md, "Storage"): the two
// keys are first-party cookies on the site's cookie domain, so the visit and the day's counts are
// shared by its subdomains. Function declarations at the end: hoisted, and where esbuild drops
// them (every build without cookies) no byte of them is left.
/** `jar(key)` reads a cookie, `jar(key, value, max-age in s)` writes it ('' and 0 delete it). */
function jar(k: string, v?: string | number, age?: number) {
  return v == null
    ? d.cookie.match(`(^|; )${k}=([^;]*)`)?.[2]
    : (d.cookie = `${k}=${
        // A time (when consent or a refusal ends) as the end of its UTC day: the site's servers
        // receive the cookie with every request, and a time to the millisecond would tell one
        // browser from another for months.
        typeof v == 'number' ? Math.ceil(v / Limit.DayMs) * Limit.DayMs : v
      };path=/;domain=${data.cookieDomain};max-age=${age};samesite=lax${l.protocol == 'https:' ? ';secure' : ''}`);
}
/**
 * The state as a cookie's value: URI-encoded, so the cookie holds only the characters RFC 6265
 * allows (cookies travel to the site's own servers, whose parsers must not trip on them).
 */
function encode(x: unknown) {
  return encodeURIComponent(JSON.stringify(x));
}
/** 32-bit FNV-1a: today's keys as numbers in cookie mode (collision odds in docs/privacy.md). */
function hash(k: string) {
  let h = 2166136261;
  for (let i = 0; i < k.length; ) h = Math.imul(h ^ k.charCodeAt(i++), 16777619);
  return h >>> 0;
}

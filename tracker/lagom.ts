// The Lagom browser tracker, built to one minified file served at /lagom.js.
// Goals, in order: 1. keep the promise (nothing sent or stored before consent; revoking
// deletes what was stored), 2. count correctly without any identifier, 3. stay small
// (the build fails above 1,200 bytes gzip). Documented in docs/tracker.md.
//
// Size habits: top-level code (the build wraps it in one closure, so the minifier renames
// everything), locals for globals used twice, one-letter storage keys. Later features
// (engagement beacon, outbound links, downloads, banner) hook into `track` and `cmd`.
import { PAGEVIEW, WIRE_VERSION, type WireEvent } from './wire.js';

/** One call waiting for consent or being sent: [name, props, page URL at call time]. */
type Item = [string, Record<string, unknown> | undefined, string];

/** What the tracker keeps in localStorage under `lagom`, only after consent. */
interface State {
  /** UTC day number that `p` and `g` belong to */
  y?: number;
  /** paths viewed today */
  p: string[];
  /** custom event names fired today */
  g: string[];
  /** five-minute UTC slot number of the last event (realtime visitors) */
  m?: number;
  /** time of the visit's last event (ms); the visit ends 30 minutes after it */
  t?: number;
  /** pageviews so far in the visit */
  k: number;
  /** path of the visit's last pageview */
  x?: string;
  /** visit fields sent with every event of the visit: referrer, entry path, campaign query */
  r?: string;
  e?: string;
  q?: string;
}

const KEY = 'lagom';
const CONSENT_KEY = 'lagom_consent';
// A const enum, because esbuild folds and inlines its values where plain consts cost a
// declaration each.
const enum Limit {
  /** a visit ends after 30 minutes without events */
  VisitMs = 30 * 60 * 1000,
  DayMs = 24 * 60 * 60 * 1000,
  /** the five-minute slots of realtime visitors */
  SlotMs = 5 * 60 * 1000,
  /** calls held before consent; a page that makes more before the answer loses the rest */
  Queue = 20,
}

/** `window.lagom`: the page's queue stub before load, `cmd` after. */
type Lagom = ((command: string, ...args: unknown[]) => void) & { q?: IArguments[] };

const w: Window & { lagom?: Lagom } = window;
const d = document;
const l = location;
const n = navigator;
// currentScript is null only when loaded as a module; then the embed is found by its attribute.
const script = (d.currentScript || d.querySelector('script[data-site]')) as HTMLScriptElement;
const data = script.dataset;
const site = data.site || l.hostname;
const api = new URL('/api/event', data.api || script.src).href;
let storage: Storage | undefined;
try {
  // Reading the property throws where storage is disabled (sandboxed frames, some privacy modes).
  storage = w.localStorage;
} catch {}

// Refusals (GPC, DNT) and exclusions (developer machines, automated browsers) make the
// tracker inert for the whole page: consent(true) cannot override them. Without storage it
// is inert too, since every event would look like a new visitor's.
const off =
  !storage ||
  (n as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true ||
  (n.doNotTrack == '1' && data.respectDnt != 'false') ||
  (/^(localhost|127\.0\.0\.1|\[::1\])$/.test(l.hostname) && data.allowLocalhost == null) ||
  (n.webdriver && data.allowAutomation == null);

/** 0: waiting for an answer (queue), 1: granted, 2: refused or off (drop) */
let consent = off ? 2 : storage![CONSENT_KEY] ? 1 : 0;
let queue: Item[] = [];
let lastQueued: string | undefined;
let lastPath: string | undefined;

const wipe = () => storage && (storage.removeItem(KEY), storage.removeItem(CONSENT_KEY));

const send = ([name, props, url]: Item) => {
  // Consent revoked in another tab removed the key: this page stops too.
  if (!storage![CONSENT_KEY]) return (consent = 2);
  const now = Date.now();
  const day = (now / Limit.DayMs) | 0;
  const slot = (now / Limit.SlotMs) | 0;
  const page = new URL(url);
  const path = page.pathname;
  const pageview = name == PAGEVIEW;
  let s: State | undefined;
  try {
    s = JSON.parse(storage![KEY]);
  } catch {}
  s = s || ({} as State);
  const o: WireEvent = { v: WIRE_VERSION, n: name, u: url, d: site, w: screen.width };

  if (s.y != day) {
    s.y = day;
    s.p = [];
    s.g = [];
    o.fv = 1;
  }
  if (s.m != slot) {
    s.m = slot;
    o.fm = 1;
  }
  const seen = pageview ? s.p : s.g;
  const key = pageview ? path : name;
  if (seen.indexOf(key) < 0) {
    seen.push(key);
    pageview ? (o.fp = 1) : (o.fg = 1);
  }
  if (props) {
    const p: Record<string, string> = (o.p = {});
    for (const k in props) p[k] = '' + props[k];
  }

  // Only a pageview starts a visit; a custom event after the visit expired belongs to no
  // visit, so it carries no visit fields and does not revive it.
  let live = now - s.t! < Limit.VisitMs;
  if (pageview && !live) {
    const ref = d.referrer;
    s.t = now;
    s.k = 0;
    s.x = undefined;
    s.e = path;
    // Only external referrers name a source; navigation inside the site is not one.
    s.r = (ref.split('/')[2] != page.host && ref) || undefined;
    // Only the campaign parameters of the entry URL, never the rest of its query.
    s.q = page.search.slice(1).split('&').filter((x) => /^(utm_\w+|ref|source)=/.test(x)).join('&') || undefined;
    o.fs = o.b = 1;
    live = true;
  }
  if (live) {
    o.dd = now - s.t!;
    o.r = s.r;
    o.e = s.e;
    o.q = s.q;
    if (pageview) {
      if (s.k++ == 1) o.b = -1;
      o.xp = s.x;
      s.x = path;
    }
    s.t = now;
  }
  // A full storage throws here, and the event is not sent: without its state the next
  // event would be counted as a new visitor's.
  storage![KEY] = JSON.stringify(s);

  const body = JSON.stringify(o);
  // sendBeacon survives page unload and needs no CORS answer; it returns false when the
  // browser refuses to queue the request, and then fetch tries. Both send a string body as
  // text/plain, which keeps the request "simple": no CORS preflight.
  (n.sendBeacon && n.sendBeacon(api, body)) || fetch(api, { method: 'POST', body, keepalive: true }).catch(() => {});
};

const track = (name: string, props?: Item[1]) => {
  const href = l.href;
  if (name == PAGEVIEW) lastPath = l.pathname;
  if (consent == 1) send([name, props, href]);
  // Before consent, a repeated pageview of the same URL (the page's own call on top of the
  // automatic one) is the same view.
  else if (!consent && queue.length < Limit.Queue && !(name == PAGEVIEW && lastQueued == href)) {
    if (name == PAGEVIEW) lastQueued = href;
    queue.push([name, props, href]);
  }
};

const cmd = (c: string, a?: unknown, b?: Item[1]) => {
  if (c == 'consent') {
    // Only `true` grants: a page passing "false" or "no" by mistake has not asked.
    if (a !== true) {
      consent = 2;
      queue = [];
      wipe();
    } else if (!off) {
      storage![CONSENT_KEY] = '1';
      consent = 1;
      queue.splice(0).forEach(send);
    }
  } else if (c == 'event') track('' + a, b);
  else if (c == PAGEVIEW) track(PAGEVIEW);
};

// An SPA navigation is a pageview only when the path changes (query and hash changes are
// the same page), which also keeps anchor clicks that fire popstate from counting.
const spa = () => lastPath != l.pathname && track(PAGEVIEW);
const h = history;
for (const m of ['pushState', 'replaceState'] as const) {
  const orig = h[m];
  h[m] = function (this: History, ...args: Parameters<History['pushState']>) {
    orig.apply(this, args);
    spa();
  };
}
w.addEventListener('popstate', spa);

// A refusal also removes what an earlier consent stored.
if (off) wipe();
const pending = (w.lagom && w.lagom.q) || [];
w.lagom = cmd as Lagom;
// The automatic pageview goes first, so consent given in the queue sends it before the
// queued events.
track(PAGEVIEW);
for (const args of pending) cmd.apply(0, args as unknown as Parameters<typeof cmd>);

// Google Consent Mode v2 glue, built to lagom-google.js and loaded by the core when the embed
// (or the site's settings) say `data-consent="google"`. It reads the page's `gtag('consent',
// …)` commands from the dataLayer, needs no Google code, and reports `analytics_storage` to
// the core through `window.lagom` (shared/api.ts).
import type { Lagom } from '../shared/api.js';

interface ConsentParams {
  analytics_storage?: string;
  region?: unknown;
}

const lagom = (self as unknown as { lagom: Lagom }).lagom;
const w = self as unknown as { dataLayer?: unknown[] };
// The gtag stub keeps a dataLayer that exists (`dataLayer = dataLayer || []`), so one made here
// is the one a later stub pushes to.
const layer = (w.dataLayer ||= []);

/** The last `default` without a region, the last `update`: granted (true) or denied (false). */
let byDefault: boolean | undefined;
let update: boolean | undefined;
/** a `default` for some regions: which one the visitor is in, only Google knows */
let regional = false;

/** Reads one dataLayer entry; true when it was a consent command about analytics_storage. */
const read = (entry: unknown) => {
  // gtag() pushes its `arguments`; Google ignores an array pushed in their place, so do we.
  if (Object.prototype.toString.call(entry) != '[object Arguments]') return;
  const [command, kind, params] = entry as [unknown, unknown, ConsentParams?];
  const storage = params?.analytics_storage;
  if (command != 'consent' || (storage != 'granted' && storage != 'denied')) return;
  const granted = storage == 'granted';
  if (kind == 'update') update = granted;
  else if (kind == 'default') {
    if (params!.region) regional = true;
    else byDefault = granted;
  } else return;
  return true;
};

/**
 * An update is the visitor's answer and wins over defaults. A default that grants counts only
 * when no default names regions (it may not hold where the visitor is); a default that denies
 * is not an answer: the core waits (a refusal would drop the page's waiting pageview).
 */
const decide = () => {
  if (update != null) lagom('consent', update);
  else if (byDefault && !regional) lagom('consent', true);
};

// What the page said before this file loaded, in order, decided once at the end (a default
// for some regions can come after a default for all).
let seen = false;
for (const entry of layer) seen = read(entry) || seen;
if (seen) decide();

// Later commands (the consent tool's update when the visitor answers or withdraws): the page's
// push does what it did before, then this file reads what was pushed.
const push = layer.push;
layer.push = function (...entries: unknown[]) {
  const length = push.apply(this, entries);
  let consent = false;
  for (const entry of entries) consent = read(entry) || consent;
  if (consent) decide();
  return length;
};

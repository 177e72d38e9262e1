// The wire format between the tracker and `POST /api/event`, defined once and imported by
// both sides. Keys are one or two letters because every byte counts in the tracker.
// Documented for humans in docs/wire-format.md; bump WIRE_VERSION on any incompatible change.

export const WIRE_VERSION = 1;

export interface WireEvent {
  /** format version, always WIRE_VERSION */
  v: number;
  /** event name: "pageview" or a custom goal name */
  n: string;
  /** page URL (absolute); the server keeps host and path, and reads UTM parameters */
  u: string;
  /** site domain as registered in Lagom */
  d: string;
  /** screen width in CSS pixels (device class) */
  w?: number;
  /** custom props; on the wire a value may also be a number or boolean, which the server's decoder turns into a string */
  p?: Record<string, string>;

  // Counting flags decided in the browser after consent (DESIGN.md, "Counting without identifiers").
  /** 1: first event of this browser today (UTC day) on this site */
  fv?: 1;
  /** 1: first event on this path today (a pageview, or a custom event on a page not viewed today) */
  fp?: 1;
  /** 1: first time today this custom event fired */
  fg?: 1;
  /** 1: this pageview starts a visit */
  fs?: 1;
  /** bounce delta: +1 when a visit starts, -1 on its second pageview */
  b?: number;
  /** path of the previous pageview in this visit; its exit count moves to this page */
  xp?: string;
  /** milliseconds since the previous event of this visit (visit duration delta) */
  dd?: number;
  /** 1: first event of this browser in the current five-minute UTC slot (realtime visitors) */
  fm?: 1;

  // What the visit has done so far, so that visit metrics under a page or goal filter count the
  // visits that include a matching event (docs/privacy.md, "Visits under a filter"). A key is a
  // page path ("/…") for a pageview, "!" + the name for a custom event.
  /** 1: first event of its key in this visit */
  fi?: 1;
  /** with fi: milliseconds since the visit's first pageview (the visit's duration so far) */
  ds?: number;
  /** with fi: 1 when the visit is still a bounce (one pageview) */
  kb?: 1;
  /** the other keys of this visit so far (at most MAX_VISIT_KEYS): each gets this event's `dd`, and -1 bounce on the un-bounce */
  ks?: string[];

  // Pageview goals, from a site's own script (which knows the site's pageview goals): for each
  // goal this pageview matches where "first time today for the goal" is not "first view of
  // this page today" (`fp`), the goal's id and the difference, -1 or 1. The server books it so
  // that a goal covering several pages counts each visitor once (docs/privacy.md).
  /** goal id → -1 | 1, at most MAX_VISIT_KEYS goals */
  gv?: Record<string, number>;

  // Visit fields, remembered for the whole visit so any filter combines with any metric.
  /** referrer of the visit's first pageview */
  r?: string;
  /** entry page path of the visit */
  e?: string;
  /** the visit's campaign parameters (utm_*, ref, source) from its entry URL; the server reads them into their own columns and never stores the string */
  q?: string;

  // Revenue, for a custom event of a revenue goal: lagom('event', 'Purchase', {revenue: {currency, amount}}).
  /** the amount, in units of the currency (249, 10.29) */
  ra?: number;
  /** the amount's ISO 4217 currency code */
  rc?: string;

  // Engagement, sent from the page-hide beacon ("engagement" event).
  /** engaged (visible and focused) time in milliseconds */
  t?: number;
  /** maximum scroll depth in percent, 0..100 (the collector caps values up to 1000 at 100; -1: none) */
  s?: number;
}

export const PAGEVIEW = 'pageview';
/** Keys a visit remembers for `fi`/`ks`; later ones are counted as first each time (docs/privacy.md). */
export const MAX_VISIT_KEYS = 20;
/** Longer keys are not remembered (so `ks` stays far below the body limit). */
export const MAX_VISIT_KEY_LENGTH = 200;
export const ENGAGEMENT = 'engagement';

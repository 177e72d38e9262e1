// vanilla-cookieconsent v3 glue, built to lagom-cookieconsent.js and loaded by the core when the
// embed (or the site's settings) say `data-consent="cookieconsent"`. The visitor's choice of one
// category (`analytics` unless told otherwise) is reported to the core through `window.lagom`
// (shared/api.ts).
import type { Lagom } from '../shared/api.js';

/** The part of vanilla-cookieconsent's event detail this file reads. */
interface Detail {
  cookie: { categories: string[] };
}
/** The part of its global `CookieConsent` (UMD build) this file calls. */
interface CookieConsent {
  validConsent(): boolean;
  acceptedCategory(name: string): boolean;
}

const lagom = (self as unknown as { lagom: Lagom }).lagom;
const data = lagom.d;
// `data-cc-category` (the site's settings write the same key), never `data-category`:
// vanilla-cookieconsent runs every <script data-category> again once that category is accepted
// (its manageScriptTags), which would start a second tracker.
const category = data.ccCategory || 'analytics';

// 'cc:onConsent': the first answer, and a stored one on every page load; 'cc:onChange': a
// changed answer in its preferences, withdrawals included. The event's cookie carries the
// accepted categories, so the ES module build (no global) works too.
const answer = (e: Event) => lagom('consent', (e as CustomEvent<Detail>).detail.cookie.categories.includes(category));
addEventListener('cc:onConsent', answer);
addEventListener('cc:onChange', answer);

// The tool may have run before this file loaded and sent its 'cc:onConsent' already. Before
// the visitor answers, validConsent() is false and the core waits.
const cc = (self as { CookieConsent?: CookieConsent }).CookieConsent;
if (cc?.validConsent()) lagom('consent', cc.acceptedCategory(category));

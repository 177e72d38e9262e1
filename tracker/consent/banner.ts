// The built-in consent banner, built to lagom-banner.js and loaded by the core on every page
// when the embed (or the site's settings) say `data-consent="banner"`. It shows itself when the
// visitor has neither a consent nor a refusal in force, and again, at any time, on
// `lagom('banner')` or a click on an element with `data-lagom-banner` (a "Cookie settings"
// link): so consent can be withdrawn as easily as it was given.
//
// A refusal is remembered under `lagom_r`: the time it ends (ms since the epoch), nothing else.
// It is a strictly necessary note of the visitor's own choice, without which the banner would
// ask on every page; it holds no identifier and is never sent to Lagom. Consent is the core's
// marker `lagom` (lagom.ts), which holds when consent ends (13 months on). Both live where the
// core keeps its state: in localStorage, or, with a site's script built with a cookie domain, in
// cookies on that domain (written through the core's `lagom.k`), so that an answer given on
// blog.example.com holds on app.example.com too.
//
// No dark patterns: Accept and Decline are the same element with the same style, side by
// side; nothing is pre-selected; closing is only by answering. Keyboard: the banner is the
// first thing in the tab order (its host is the first child of <body>); the buttons are real
// <button>s; reopened, it takes the focus, and gives it back when answered. Its styles live in
// a shadow root, so the site's CSS cannot hide or restyle it.
import type { Lagom } from '../shared/api.js';

/** The banner's words: its label, its question, the policy link, Accept, Decline. A list, not an object: keys would be paid twice. */
type Texts = [label: string, text: string, policy: string, accept: string, decline: string];

const TEXTS: Record<'sv' | 'en', Texts> = {
  sv: [
    'Besöksstatistik',
    'Får vi räkna ditt besök? Statistiken sparar en liten anteckning i din webbläsare, men inget som kan identifiera dig.',
    'Integritetspolicy',
    'Godkänn',
    'Avböj',
  ],
  en: [
    'Visitor statistics',
    'May we count your visit? The statistics keep a small note in your browser, but nothing that can identify you.',
    'Privacy policy',
    'Accept',
    'Decline',
  ],
};

// One line per rule, without the newlines: every byte of it is paid on every page of the site.
const STYLE =
  ':host{all:initial}' +
  'section{position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-width:36rem;margin:0 auto;' +
  'box-sizing:border-box;padding:1rem;border:1px solid #555;border-radius:.5rem;background:#fff;color:#111;' +
  'font:15px/1.45 system-ui,sans-serif;box-shadow:0 .25rem 1rem #0004}' +
  'p{margin:0 0 .75rem}' +
  'a{color:inherit}' +
  'div{display:flex;gap:.75rem;flex-wrap:wrap}' +
  'button{flex:1 1 8rem;min-height:2.75rem;padding:.5rem 1rem;border:2px solid;border-radius:.4rem;' +
  'background:0 0;color:inherit;font:inherit;font-weight:600;cursor:pointer}' +
  'button:hover{background:#8883}' +
  ':focus-visible{outline:3px solid #1a73e8;outline-offset:2px}' +
  '@media (prefers-color-scheme:dark){section{background:#1e1e1e;color:#f2f2f2;border-color:#aaa}}';

const d = document;
const lagom = (self as unknown as { lagom: Lagom }).lagom;
const data = lagom.d;
const lang = (data.lang || d.documentElement.lang || '').toLowerCase();
const code = /^sv\b/.test(lang) ? 'sv' : 'en';
const [label, question, policyText, acceptText, declineText] = TEXTS[code];

/** An element with attributes and children, without innerHTML (the texts never become markup). */
function el(tag: string, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const e = d.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

// A custom element's name: its own tag, so that the page's [data-lagom-banner] links and this
// box are never confused.
const host = el('lagom-banner', {});
const root = host.attachShadow({ mode: 'open' });
const text = el('p', { id: 'lagom-banner-text' }, question);
// Only an http(s) policy address becomes a link: the attribute is the owner's, but a
// "javascript:" URL has no business in a consent banner.
const policy = data.policyUrl;
const href = policy && new URL(policy, location.href).href;
if (href && /^https?:/i.test(href)) text.append(' ', el('a', { href }, policyText));

const store = localStorage;
/**
 * The core's jar (`lagom.k`) or the same on localStorage: `keep(key)` reads, `keep(key, value,
 * seconds)` writes, with 0 seconds it deletes.
 */
const keep =
  lagom.k || ((key: string, value?: number, age?: number) => (age ? (store[key] = value as unknown as string) : value ? delete store[key] : store[key]));
/** where the focus was when the banner was reopened: it goes back there after the answer */
let back: HTMLElement | undefined;
const answer = (yes: boolean) => () => {
  host.remove();
  lagom('consent', yes);
  // A number of days as text: the arithmetic below makes it a number.
  const days = (data.refusalDays || 182) as number;
  keep('lagom_r', Date.now() + days * 864e5, yes ? 0 : days * 86400);
  back?.focus();
};
// No type="button": in a shadow root a button belongs to no form of the page.
const accept = el('button', {}, acceptText);
const decline = el('button', {}, declineText);
accept.addEventListener('click', answer(true));
decline.addEventListener('click', answer(false));

// A constructed stylesheet is not inline style, so a site whose CSP forbids inline styles
// still shows a styled banner; older browsers get a <style> element. (Browsers brought
// adoptedStyleSheets and replaceSync in the same version, so one check does for both.)
if (root.adoptedStyleSheets) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  root.adoptedStyleSheets = [sheet];
} else root.append(el('style', {}, STYLE));
const section = el(
  'section',
  // tabindex -1: the reopened banner can take the focus, without adding a stop to the tab order.
  // A <section> with a name is a region landmark by itself (no role attribute needed).
  { 'aria-label': label, 'aria-describedby': 'lagom-banner-text', lang: code, tabindex: '-1' },
  text,
  el('div', {}, accept, decline),
);
root.append(section);

const show = () => d.body.prepend(host);
// Reopened ("Cookie settings"): the focus moves into the banner, so a keyboard or screen
// reader user lands on the question.
const reopen = () => {
  host.isConnected || (back = d.activeElement as HTMLElement);
  show();
  section.focus();
};
lagom.b = reopen;
d.addEventListener('click', (e) => {
  if ((e.target as Element).closest('[data-lagom-banner]')) {
    // A link's href="#" would scroll the page to its top.
    e.preventDefault();
    reopen();
  }
});
// Asks by itself only while neither a consent (the core's marker) nor a refusal is in force.
const now = Date.now();
if (!((keep('lagom') as number) > now || (keep('lagom_r') as number) > now)) {
  if (d.body) show();
  else addEventListener('DOMContentLoaded', show);
}

// The built-in consent banner, built to lagom-banner.js and loaded by the core when the embed
// (or the site's settings) say `data-consent="banner"`. It shows itself when the visitor has not
// consented yet, and again on `lagom('banner')`. A refusal is not stored yet, so a visitor who
// declines sees the question again on the next page load.
//
// No dark patterns: Accept and Decline are the same element with the same style, side by
// side; nothing is pre-selected; closing is only by answering. Keyboard: the banner is the
// first thing in the tab order (its host is the first child of <body>); the buttons are real
// <button>s. Its styles live in a shadow root, so the site's CSS cannot hide or restyle it.
import type { Lagom } from '../shared/api.js';

interface Texts {
  label: string;
  text: string;
  policy: string;
  accept: string;
  decline: string;
}

const TEXTS: Record<'sv' | 'en', Texts> = {
  sv: {
    label: 'Besöksstatistik',
    text: 'Får vi räkna ditt besök? Statistiken sparar en liten anteckning i din webbläsare, men inget som kan identifiera dig.',
    policy: 'Integritetspolicy',
    accept: 'Godkänn',
    decline: 'Avböj',
  },
  en: {
    label: 'Visitor statistics',
    text: 'May we count your visit? The statistics keep a small note in your browser, but nothing that can identify you.',
    policy: 'Privacy policy',
    accept: 'Accept',
    decline: 'Decline',
  },
};

const STYLE = `
:host{all:initial}
section{position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-width:36rem;margin:0 auto;
box-sizing:border-box;padding:1rem;border:1px solid #555;border-radius:.5rem;background:#fff;color:#111;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;box-shadow:0 .25rem 1rem rgba(0,0,0,.25)}
p{margin:0 0 .75rem}
a{color:inherit}
div{display:flex;gap:.75rem;flex-wrap:wrap}
button{flex:1 1 8rem;min-height:2.75rem;padding:.5rem 1rem;border:2px solid currentColor;border-radius:.375rem;
background:transparent;color:inherit;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:rgba(127,127,127,.15)}
a:focus-visible,button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
@media (prefers-color-scheme:dark){section{background:#1e1e1e;color:#f2f2f2;border-color:#aaa}}
`;

const d = document;
const lagom = (self as unknown as { lagom: Lagom }).lagom;
const data = lagom.d;
const lang = (data.lang || d.documentElement.lang || '').toLowerCase();
const t = TEXTS[/^sv\b/.test(lang) ? 'sv' : 'en'];

/** An element with attributes and children, without innerHTML (the texts never become markup). */
function el(tag: string, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const e = d.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

const host = el('div', { 'data-lagom-banner': '' });
const root = host.attachShadow({ mode: 'open' });
const text = el('p', { id: 'lagom-banner-text' }, t.text);
// Only an http(s) policy address becomes a link: the attribute is the owner's, but a
// "javascript:" URL has no business in a consent banner.
const policy = data.policyUrl;
if (policy && /^https?:\/\//i.test(new URL(policy, location.href).href)) {
  text.append(' ', el('a', { href: new URL(policy, location.href).href }, t.policy));
}

const answer = (yes: boolean) => () => {
  host.remove();
  lagom('consent', yes);
};
const accept = el('button', { type: 'button' }, t.accept);
const decline = el('button', { type: 'button' }, t.decline);
accept.addEventListener('click', answer(true));
decline.addEventListener('click', answer(false));

// A constructed stylesheet is not inline style, so a site whose CSP forbids inline styles
// still shows a styled banner; older browsers get a <style> element.
if (root.adoptedStyleSheets && self.CSSStyleSheet && 'replaceSync' in CSSStyleSheet.prototype) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  root.adoptedStyleSheets = [sheet];
} else root.append(el('style', {}, STYLE));
root.append(
  el(
    'section',
    { role: 'region', 'aria-label': t.label, 'aria-describedby': 'lagom-banner-text', lang: /^sv\b/.test(lang) ? 'sv' : 'en' },
    text,
    el('div', {}, accept, decline),
  ),
);

const show = () => d.body.prepend(host);
lagom.b = show;
// The core's consent marker holds when consent ends (lagom.ts).
if (!(+localStorage.lagom > Date.now())) {
  if (d.body) show();
  else addEventListener('DOMContentLoaded', show);
}

// The tracker's extras, built to lagom-extras.js and loaded by the core only when the embed
// has `data-extras` (the core's size budget has no room for them; docs/tracker.md, "Size"):
// - engagement: visible-and-focused time and scroll depth of each page, sent as an
//   "engagement" event when the page is hidden and before the next SPA pageview;
// - outbound link clicks and file downloads as automatic events;
// - `data-lagom-event` on elements: a custom event on click, props from `data-lagom-prop-*`.
// Everything goes through `window.lagom`, so consent, queueing before consent and
// `data-exclude` work exactly as for the page's own calls.
import type { Lagom } from './api.js';
import { ENGAGEMENT } from '../protocol/wire.js';

const d = document;
const l = location;
// The core replaced the page's stub with its own function before loading this file.
const lagom = (self as unknown as { lagom: Lagom }).lagom;
const data = (d.querySelector('script[data-extras]') as HTMLScriptElement).dataset;

// --- Engagement ---------------------------------------------------------------------------

/** engaged milliseconds not sent yet, and when the current engaged stretch began (0: not engaged) */
let engaged = 0;
let since = 0;
/** deepest scroll of the page in percent; -1 once sent, so each pageview sends one depth */
let depth = 0;

// Called on every event that can start or end an engaged stretch, and on scroll.
const measure = () => {
  const now = Date.now();
  if (since) engaged += now - since;
  since = !d.hidden && d.hasFocus() ? now : 0;
  const root = d.documentElement;
  if (depth >= 0) depth = Math.max(depth, Math.min(100, Math.round(((scrollY + innerHeight) * 100) / root.scrollHeight)));
};

/** Sends the page's engaged time since the last engagement event and, the first time, its depth. */
const end = () => {
  measure();
  if (engaged) {
    lagom('event', ENGAGEMENT, undefined, { t: engaged, s: depth >= 0 ? depth : undefined });
    engaged = 0;
    depth = -1;
  }
};

if (data.engagement != 'false') {
  // The core calls this before each pageview: the previous page ends (its DOM is usually still
  // on screen, so its depth is measured too), then the new page starts from zero.
  lagom.h = () => {
    end();
    engaged = 0;
    depth = 0;
  };
  for (const type of ['focus', 'blur', 'scroll', 'pageshow']) addEventListener(type, measure, { passive: true });
  // "hidden" is the last moment a page is sure to run code: tab switch, minimised window,
  // navigation away, closing (also into the back-forward cache). pagehide is not needed.
  addEventListener('visibilitychange', () => (d.hidden ? end() : measure()));
  measure();
}

// --- Clicks -------------------------------------------------------------------------------

const DOWNLOADS =
  'pdf,xlsx,xls,docx,doc,pptx,ppt,odt,ods,odp,rtf,txt,csv,epub,zip,rar,7z,gz,tgz,bz2,xz,tar,dmg,pkg,exe,msi,deb,rpm,apk,iso,mp3,wav,flac,mp4,mov,avi,mkv,webm';
const downloads =
  data.downloads == 'false' ? undefined : RegExp(`\\.(${(data.downloads || DOWNLOADS).split(/[\s,.]+/).filter(Boolean).join('|')})$`, 'i');
const outbound = data.outbound != 'false';

const click = (e: MouseEvent) => {
  // Middle clicks open links in a new tab: they count too; right clicks (menus) do not.
  if (e.type == 'auxclick' && e.button != 1) return;
  const target = e.target;
  if (!(target instanceof Element)) return;
  const tagged = target.closest<HTMLElement>('[data-lagom-event]');
  if (tagged && e.type == 'click') {
    const props: Record<string, string> = {};
    for (const { name, value } of tagged.attributes) {
      if (name.startsWith('data-lagom-prop-')) props[name.slice(16)] = value;
    }
    lagom('event', tagged.dataset.lagomEvent!, props);
  }
  const link = target.closest('a');
  if (!link || !/^https?:$/.test(link.protocol)) return;
  // Without the query and fragment: they can carry tokens and personal data.
  const props = { url: link.origin + link.pathname };
  if (downloads && downloads.test(link.pathname)) lagom('event', 'File Download', props);
  else if (outbound && link.host != l.host) lagom('event', 'Outbound Link: Click', props);
};
addEventListener('click', click);
addEventListener('auxclick', click);

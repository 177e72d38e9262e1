// Engagement: visible-and-focused time and scroll depth of each page, sent as an "engagement"
// event when the page is hidden and before the next SPA pageview (`lagom.h`).
import type { Lagom } from '../shared/api.js';
import { ENGAGEMENT } from '../../protocol/wire.js';
import { on } from './dom.js';

export function engagement(lagom: Lagom): void {
  // `data-engagement="false"` on the embed turns it off, in either script.
  if (lagom.d.engagement == 'false') return;
  const d = document;
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
    // Above 100 when the page bounces past its end, and a fraction: the collector rounds the depth
    // and caps it at 100.
    if (depth >= 0) depth = Math.max(depth, ((scrollY + innerHeight) * 100) / d.documentElement.scrollHeight);
  };

  /** Sends the page's engaged time since the last engagement event and, the first time, its depth. */
  const end = () => {
    measure();
    if (engaged) {
      // A depth of -1 (sent already) is "no depth" to the collector.
      lagom('event', ENGAGEMENT, undefined, { t: engaged, s: depth });
      engaged = 0;
      depth = -1;
    }
  };

  // The core calls this before each pageview: the previous page ends (its DOM is usually still
  // on screen, so its depth is measured too), then the new page starts from zero.
  lagom.h = () => {
    end();
    depth = 0;
  };
  // (A scroll listener cannot delay scrolling: it needs no `passive`. A page restored from the
  // back-forward cache becomes visible again: visibilitychange restarts it.)
  for (const type of ['focus', 'blur', 'scroll']) on(type, measure);
  // "hidden" is the last moment a page is sure to run code: tab switch, minimised window,
  // navigation away, closing (also into the back-forward cache). pagehide is not needed.
  on('visibilitychange', () => (d.hidden ? end() : measure()));
  measure();
}

// How to install Lagom on a site: the script line with a copy button, and a live check that
// turns green when the site's first event arrives.
import { addDays, todayIn } from '../../protocol/periods.js';
import { h, type View } from '../lib/dom.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { copyable } from './copy.js';

const CHECK_EVERY_MS = 2500;

/**
 * The line to paste. Lagom counts nobody before they consent, so the default line brings the
 * built-in banner; a site with its own consent tool leaves data-consent out and calls
 * lagom('consent', …) itself (consentSnippetFor).
 */
export function snippetFor(domain: string): string {
  return `<script defer src="${location.origin}/lagom.js" data-site="${domain}" data-consent="banner"></script>`;
}

export function consentSnippetFor(domain: string): string {
  return [
    `<script>window.lagom = window.lagom || function () { (lagom.q = lagom.q || []).push(arguments) };</script>`,
    `<script defer src="${location.origin}/lagom.js" data-site="${domain}"></script>`,
    `<!-- when the visitor accepts statistics: lagom('consent', true); when they decline or withdraw: lagom('consent', false) -->`,
  ].join('\n');
}

export function installView(domain: string, stats: StatsClient): View {
  const status = h('p', { className: 'install-status waiting', attrs: { role: 'status' } }, h('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }), h('span', {}, text.sites.waiting));
  const own = h(
    'details',
    { className: 'own-consent' },
    h('summary', {}, text.sites.ownConsent),
    h('p', { className: 'muted' }, text.sites.ownConsentIntro),
    copyable(consentSnippetFor(domain), 'snippet-consent'),
  );
  const el = h('div', { className: 'install' }, h('p', { className: 'muted' }, text.sites.snippetIntro), copyable(snippetFor(domain)), own, status);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const aborter = new AbortController();

  async function check(): Promise<void> {
    try {
      // A week, not today: an event just before midnight in the site's zone still counts. It ends
      // tomorrow in UTC (7d leaves out the day it is about), so that the site's today is in it
      // whatever its zone.
      const date = addDays(todayIn('UTC'), 2);
      const r = await stats.aggregate({ site_id: domain, period: '7d', date }, ['visitors', 'pageviews', 'events'], false, aborter.signal);
      if ((r.pageviews?.value ?? 0) + (r.events?.value ?? 0) + (r.visitors?.value ?? 0) > 0) {
        status.className = 'install-status ready';
        status.lastElementChild!.textContent = text.sites.receiving;
        return;
      }
    } catch {
      if (aborter.signal.aborted) return;
      // a failed check is retried like an empty one
    }
    timer = setTimeout(() => void check(), CHECK_EVERY_MS);
  }

  return {
    el,
    mounted: () => void check(),
    destroy() {
      aborter.abort();
      clearTimeout(timer);
    },
  };
}

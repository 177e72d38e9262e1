// How to install Lagom on a site: the site's own script line with a copy button, what its
// consent mode asks of the page, a pinned copy for Subresource Integrity, and a live check that
// turns green when the site's first event arrives.
import { addDays, todayIn } from '../../protocol/periods.js';
import type { SiteDetail } from '../lib/api.js';
import { h, type View } from '../lib/dom.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { copyable } from './copy.js';

const CHECK_EVERY_MS = 2500;

/**
 * For a site whose own consent tool tells Lagom the answer (consent mode `manual`): the queue,
 * so that a call made before the script has loaded waits for it, and the calls to make.
 */
export function consentSnippet(): string {
  return [
    `<script>window.lagom = window.lagom || function () { (lagom.q = lagom.q || []).push(arguments) };</script>`,
    `<!-- when the visitor accepts statistics: lagom('consent', true); when they decline or withdraw: lagom('consent', false) -->`,
  ].join('\n');
}

/** The pinned copy's line: `crossorigin`, since a browser checks a script from another origin only when it loads it with CORS. */
export const pinnedSnippet = (site: SiteDetail): string =>
  `<script defer src="${site.pinned_script_url}" integrity="${site.integrity}" crossorigin="anonymous"></script>`;

function consentNote(site: SiteDetail): string {
  const note = text.sites.consentNote;
  switch (site.consent.mode) {
    case 'cookieconsent':
      return note.cookieconsent(site.consent.cookieconsent_category);
    case 'klaro':
      return note.klaro(site.consent.klaro_service);
    default:
      return note[site.consent.mode];
  }
}

export interface InstallOptions {
  /** the status line while nothing has arrived */
  waiting?: string;
  everyMs?: number;
  /** the first event arrived */
  onReceiving?(): void;
}

export function installView(site: SiteDetail, stats: StatsClient, opts: InstallOptions = {}): View {
  const t = text.sites;
  const status = h('p', { className: 'install-status waiting', attrs: { role: 'status' } }, h('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }), h('span', {}, opts.waiting ?? t.waiting));
  const pinned = h(
    'details',
    { className: 'pinned' },
    h('summary', {}, t.pinnedSummary),
    h('p', { className: 'muted' }, t.pinnedIntro),
    copyable(pinnedSnippet(site), 'snippet-pinned'),
  );
  const el = h(
    'div',
    { className: 'install' },
    h('p', { className: 'muted' }, t.snippetIntro),
    copyable(site.snippet),
    h('p', { className: 'muted' }, t.snippetSettings),
    h('p', { className: 'muted consent-note' }, consentNote(site)),
    site.consent.mode === 'manual' && copyable(consentSnippet(), 'snippet-consent'),
    pinned,
    status,
  );
  const domain = site.domain;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const aborter = new AbortController();

  const again = () => {
    timer = setTimeout(() => void check(), opts.everyMs ?? CHECK_EVERY_MS);
  };

  async function check(): Promise<void> {
    // A tab in the background asks nothing, and looks again later.
    if (document.visibilityState !== 'visible') return again();
    try {
      // A week, not today: an event just before midnight in the site's zone still counts. It ends
      // tomorrow in UTC (7d leaves out the day it is about), so that the site's today is in it
      // whatever its zone.
      const date = addDays(todayIn('UTC'), 2);
      const r = await stats.aggregate({ site_id: domain, period: '7d', date }, ['visitors', 'pageviews', 'events'], false, aborter.signal);
      if ((r.pageviews?.value ?? 0) + (r.events?.value ?? 0) + (r.visitors?.value ?? 0) > 0) {
        status.className = 'install-status ready';
        status.lastElementChild!.textContent = text.sites.receiving;
        opts.onReceiving?.();
        return;
      }
    } catch {
      if (aborter.signal.aborted) return;
      // a failed check is retried like an empty one
    }
    again();
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

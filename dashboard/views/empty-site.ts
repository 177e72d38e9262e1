// A site that has never counted anything: its install steps and a "waiting for the first
// pageview" line take the report's place, and the report comes by itself when the first event
// arrives. The Sites API's `has_events` says which; a site found counted is not asked again.
import { sites as sitesApi } from '../lib/api.js';
import { h, type View } from '../lib/dom.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { installView } from './snippet.js';

/** Often enough to feel live, rare enough for a tab left open all day. */
const CHECK_EVERY_MS = 5000;

export interface FirstEventGate {
  el: HTMLElement;
  /** true: the site has events, show its report; false: its install steps are shown */
  check(domain: string, signal: AbortSignal): Promise<boolean>;
  destroy(): void;
}

export function firstEventGate(stats: StatsClient, onArrived: () => void): FirstEventGate {
  const counted = new Set<string>();
  const el = h('section', { className: 'card empty-site', hidden: true });
  let install: View | null = null;

  function stop(): void {
    install?.destroy?.();
    install = null;
    el.hidden = true;
    el.replaceChildren();
  }

  return {
    el,
    async check(domain, signal) {
      stop();
      if (counted.has(domain)) return true;
      const site = await sitesApi.get(domain, signal);
      if (site.has_events || signal.aborted) {
        if (site.has_events) counted.add(domain);
        return site.has_events;
      }
      install = installView(site, stats, {
        waiting: text.states.waiting,
        everyMs: CHECK_EVERY_MS,
        onReceiving() {
          counted.add(domain);
          onArrived();
        },
      });
      el.replaceChildren(h('h2', {}, text.states.emptyTitle(site.display_domain)), h('p', { className: 'muted' }, text.states.emptyIntro), install.el);
      el.hidden = false;
      install.mounted?.();
      return false;
    },
    destroy: stop,
  };
}

// Register a site (domain and time zone), then show how to install it.
import { sites, type Site } from '../lib/api.js';
import { field, h, replace, type View } from '../lib/dom.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { form, input } from './form.js';
import { installView } from './snippet.js';

/** The browser's zones; `selected` (a site's current zone) is added when the browser lacks it. */
export function timezoneSelect(selected = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'): HTMLSelectElement {
  const zones = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  zones.add(selected);
  return h('select', { className: 'input', name: 'timezone' }, ...[...zones].sort().map((zone) => h('option', { value: zone, textContent: zone, selected: zone === selected })));
}

/** "https://Example.com/blog" → "example.com" */
export const cleanDomain = (value: string): string =>
  value
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/[/?#].*$/, '')
    .toLowerCase();

export interface AddSiteOptions {
  stats: StatsClient;
  /** after the snippet: go to the new site's report */
  onDone(site: Site): void;
  /** the first site of a new installation gets the welcome text */
  first: boolean;
  onAdded?(site: Site): void;
}

export function addSiteView(o: AddSiteOptions): View {
  const t = text.sites;
  const domain = input({ type: 'text', name: 'domain', required: true, autofocus: o.first, placeholder: 'example.com', autocomplete: 'off', spellcheck: false });
  const timezone = timezoneSelect();
  let install: View | null = null;
  const el: HTMLElement = h(
    'section',
    { className: `card panel add-site${o.first ? ' onboarding' : ''}` },
    h(o.first ? 'h1' : 'h2', {}, o.first ? t.emptyTitle : t.addAnother),
    o.first && h('p', { className: 'muted' }, t.emptyIntro),
    form(
      {
        submitLabel: t.add,
        async onSubmit() {
          const site = await sites.add({ domain: cleanDomain(domain.value), timezone: timezone.value });
          o.onAdded?.(site);
          install = installView(site.domain, o.stats);
          const open = h('button', { type: 'button', className: 'button primary', textContent: t.openDashboard, on: { click: () => o.onDone(site) } });
          replace(el, h(o.first ? 'h1' : 'h2', {}, `${t.added}: ${site.display_domain}`), install.el, h('div', { className: 'form-actions' }, open));
          install.mounted?.();
          open.focus();
        },
      },
      field(t.domain, domain, t.domainHint),
      field(t.timezone, timezone, t.timezoneHint),
    ),
  );
  return { el, destroy: () => install?.destroy?.() };
}

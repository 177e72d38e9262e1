// Register a site (domain, time zone and the features most sites want, as Plausible's install
// step offers them), then show how to install it.
import { DEFAULT_TRACKER_CONFIGURATION } from '../../protocol/tracker.js';
import { sites, type Site } from '../lib/api.js';
import { field, h, replace, type View } from '../lib/dom.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { form, input } from './form.js';
import { featuresFieldset, type Feature } from './site-settings.js';
import { installView } from './snippet.js';

/** The features offered while adding a site; the others are in the site's settings. */
const INSTALL_FEATURES: readonly Feature[] = ['engagement', 'outbound_links', 'file_downloads', 'form_submissions'];

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
  const features = featuresFieldset(DEFAULT_TRACKER_CONFIGURATION, {
    idPrefix: o.first ? 'first' : 'add',
    legend: t.installFeatures,
    intro: t.installFeaturesIntro,
    shown: INSTALL_FEATURES,
  });
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
          const chosen = features.changes();
          const site = await sites.add({
            domain: cleanDomain(domain.value),
            timezone: timezone.value,
            ...(Object.keys(chosen).length && { tracker_script_configuration: chosen }),
          });
          o.onAdded?.(site);
          install = installView(site, o.stats);
          const open = h('button', { type: 'button', className: 'button primary', textContent: t.openDashboard, on: { click: () => o.onDone(site) } });
          replace(el, h(o.first ? 'h1' : 'h2', {}, `${t.added}: ${site.display_domain}`), install.el, h('div', { className: 'form-actions' }, open));
          install.mounted?.();
          open.focus();
        },
      },
      field(t.domain, domain, t.domainHint),
      field(t.timezone, timezone, t.timezoneHint),
      features.el,
    ),
  );
  return { el, destroy: () => install?.destroy?.() };
}

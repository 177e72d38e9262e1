// One breakdown panel (pages, sources, locations, devices, goals): tabs, the top values of the
// chosen tab, and "Details" for the full list. Tabs follow the WAI-ARIA pattern: arrow keys
// move between them.
import { h, replace, type View } from '../lib/dom.js';
import { customKeyIn, filterValue, type Filter } from '../lib/filters.js';
import { propProperty, rowKey, type BreakdownRow } from '../../protocol/stats.js';
import { isCustomProps, type PanelDef, type TabDef } from '../lib/panels.js';
import { listPropKeys, type StatsClient, type StatsParams } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { openDetails } from './details.js';
import { rowsTable } from './rows.js';
import { worldMap } from './world-map.js';

export interface LoadContext {
  stats: StatsClient;
  params: StatsParams;
  filters: Filter[];
  /** the period's visitors, for share bars */
  total: Promise<number | null>;
  signal: AbortSignal;
}

export interface BreakdownView extends View {
  /** resolves once the panel shows the new rows (or its error) */
  load(ctx: LoadContext): Promise<void>;
}

const TOP_ROWS = 9;
/** every country a map could fill */
const MAP_ROWS = 300;
/** where to get a City database: the hint of an empty Regions or Cities tab links to it */
const CITY_DB_URL = 'https://dev.maxmind.com/geoip/geolite2-free-geolocation-data';

export interface PanelHints {
  /** 'country' when the server has no City database (LAGOM_GEOIP_DB); unknown on a shared link */
  location?: 'country' | 'city';
}

/** What a tab shows under the current filters: a drill-down, a chosen variant, a custom key. */
export interface Shown {
  tab: TabDef;
  property: string | null;
  caption?: string;
}

export function shownTab(panel: PanelDef, tab: TabDef, filters: readonly Filter[], variant: TabDef | undefined, propKey: string): Shown {
  if (panel.variants?.tab === tab.id && variant) return { tab: variant, property: variant.property };
  if (isCustomProps(tab)) {
    const key = customKeyIn(filters) ?? propKey;
    return { tab, property: key ? propProperty(key) : null };
  }
  const parent = tab.drill && filterValue(filters, tab.property);
  if (tab.drill && parent) return { tab: tab.drill, property: tab.drill.property, caption: text.panels.versionsOf(parent) };
  return { tab, property: tab.property };
}

/** What an empty tab says: a Regions or Cities tab without a City database says how to add one. */
function emptyNote(tab: TabDef, hints: PanelHints): HTMLElement {
  if (!tab.needsCityDb || hints.location !== 'country') return h('p', { className: 'empty muted' }, text.empty);
  return h('p', { className: 'empty muted city-db' }, text.panels.cityDbNeeded, ' ', h('a', { href: CITY_DB_URL, textContent: text.panels.cityDbLink, rel: 'noopener', target: '_blank' }));
}

const visitorsBy = (property: string, rows: readonly BreakdownRow[]) => new Map(rows.map((r) => [String(r[rowKey(property)] ?? ''), Number(r.visitors ?? 0)]));

export function breakdownPanel(panel: PanelDef, onPick: (filter: Filter) => void, onError: (err: unknown) => void, hints: PanelHints = {}): BreakdownView {
  let active = panel.tabs[0]!;
  let variant = panel.variants?.options[0];
  let propKey = '';
  let ctx: LoadContext | null = null;
  // A value picked from the keyboard is redrawn with the whole report: focus comes back to the
  // same place among the new rows (or to the tab), not to <body>.
  let refocus: number | null = null;
  const pickAt = (at: () => number | null) => (filter: Filter) => {
    refocus = at();
    onPick(filter);
  };
  const pickRow = pickAt(() => {
    const i = Array.from(body.querySelectorAll('button.row-label')).indexOf(document.activeElement!);
    return i < 0 ? null : i;
  });
  // From the details dialog (closed by the pick): to this panel's first value, as the Details
  // button it would return to is hidden while the panel redraws.
  const pickFromDetails = pickAt(() => 0);
  function restoreFocus(): void {
    if (refocus === null) return;
    const rows = body.querySelectorAll<HTMLElement>('button.row-label');
    (rows[Math.min(refocus, rows.length - 1)] ?? tabs.find((t) => t.tabIndex === 0))?.focus();
    refocus = null;
  }

  const tabs = panel.tabs.map((tab) =>
    h('button', {
      type: 'button',
      className: 'tab',
      textContent: tab.label,
      on: { click: () => choose(tab) },
      attrs: { role: 'tab', 'data-tab': tab.id, 'aria-controls': `panel-${panel.id}` },
    }),
  );
  const tablist = h('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': panel.title } }, ...tabs);
  tablist.addEventListener('keydown', (event) => {
    const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0 || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
    const next = tabs[(i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    next.focus();
    next.click();
  });

  const variantSelect =
    panel.variants &&
    h(
      'select',
      { className: 'input small', name: `${panel.id}-variant`, attrs: { 'aria-label': panel.variants.label }, on: { change: () => ((variant = panel.variants!.options.find((o) => o.id === variantSelect!.value)), void render()) } },
      ...panel.variants.options.map((o) => h('option', { value: o.id, textContent: o.label })),
    );
  // The Properties tab's key: the Stats API lists the keys sent in the period.
  const keySelect = h('select', { className: 'input small', name: 'prop-key', attrs: { 'aria-label': text.panels.propKey } });
  keySelect.addEventListener('change', () => {
    propKey = keySelect.value;
    void render();
  });
  const keyTools = h('div', { className: 'panel-tools', hidden: true }, keySelect);

  const map = panel.map ? worldMap(onPick) : undefined;
  if (map) map.el.hidden = true;
  const caption = h('p', { className: 'panel-caption muted' });
  const body = h('div', { className: 'panel-body', id: `panel-${panel.id}`, attrs: { role: 'tabpanel' } });
  const details = h('button', { type: 'button', className: 'link-button details', textContent: text.panels.details, hidden: true });
  const el = h(
    'section',
    { className: `card panel breakdown panel-${panel.id}`, attrs: { 'data-panel': panel.id } },
    h('div', { className: 'panel-head' }, h('h2', {}, panel.title), tablist),
    variantSelect && h('div', { className: 'panel-tools' }, variantSelect),
    keyTools,
    caption,
    map?.el,
    body,
    h('div', { className: 'panel-foot' }, details),
  );

  function choose(tab: TabDef): void {
    active = tab;
    if (map) map.el.hidden = true;
    // The old tab's rows must not stay clickable: they would filter by the old property.
    body.replaceChildren(h('p', { className: 'empty muted' }, text.loading));
    void render();
  }

  /** The keys to choose from, and the chosen one kept if it is still among them. */
  async function loadKeys(c: LoadContext): Promise<void> {
    const keys = await listPropKeys(c.stats, c.params, 100, c.signal);
    if (!keys.includes(propKey)) propKey = keys[0] ?? '';
    keySelect.replaceChildren(...keys.map((k) => h('option', { value: k, textContent: k, selected: k === propKey })));
  }

  async function render(): Promise<void> {
    if (!ctx) return;
    const c = ctx;
    const tab = active;
    const stale = () => ctx !== c || active !== tab;
    for (const [i, t] of panel.tabs.entries()) {
      tabs[i]!.setAttribute('aria-selected', String(t === tab));
      tabs[i]!.tabIndex = t === tab ? 0 : -1;
    }
    if (variantSelect) variantSelect.parentElement!.hidden = panel.variants!.tab !== tab.id;
    // With a property filter set, the tab shows that key: a query holds only one.
    const pickKey = isCustomProps(tab) && customKeyIn(c.filters) === undefined;
    keyTools.hidden = !pickKey;
    details.hidden = true;
    body.classList.add('loading');
    try {
      if (pickKey) await loadKeys(c);
      if (stale()) return;
      const shown = shownTab(panel, tab, c.filters, variant, propKey);
      caption.textContent = shown.caption ?? '';
      caption.hidden = !shown.caption;
      keyTools.hidden = !pickKey || !shown.property;
      if (!shown.property) {
        body.classList.remove('loading');
        body.replaceChildren(h('p', { className: 'empty muted' }, text.panels.noPropKeys));
        restoreFocus();
        return;
      }
      const property = shown.property;
      // The map's tab asks for every country at once: the list shows the top ones of them.
      const mapped = map && panel.map === shown.tab.id ? map : undefined;
      const [all, total] = await Promise.all([c.stats.breakdown(c.params, property, shown.tab.metrics, { limit: mapped ? MAP_ROWS : TOP_ROWS }, c.signal), c.total]);
      if (stale() || shownTab(panel, tab, c.filters, variant, propKey).property !== property) return;
      const rows = all.slice(0, TOP_ROWS);
      body.classList.remove('loading');
      mapped?.set(visitorsBy(property, all));
      if (map) map.el.hidden = !mapped;
      replace(body, rows.length > 0 ? rowsTable(rows, { property, metrics: shown.tab.metrics, total, filters: c.filters, onPick: pickRow }) : emptyNote(shown.tab, hints));
      details.hidden = rows.length === 0;
      restoreFocus();
      details.onclick = () =>
        openDetails({ title: shown.caption ?? shown.tab.label, stats: c.stats, params: c.params, property, metrics: shown.tab.detailMetrics, filters: c.filters, total, onPick: pickFromDetails });
    } catch (err) {
      if (c.signal.aborted) return;
      body.classList.remove('loading');
      body.replaceChildren(h('p', { className: 'empty muted' }, text.loadFailed));
      restoreFocus(); // on the tab: the values it was among are gone
      onError(err);
    }
  }

  return {
    el,
    load(next) {
      ctx = next;
      return render();
    },
  };
}

// The filter menu's values: a text field and the values to tick, suggested by a breakdown of the
// property under the other filters. Typing narrows them with a `contains` filter, so the Stats
// API does the searching; Enter or Add takes the typed text itself as a value.
import { h } from '../lib/dom.js';
import { removeFilter, toApiFilters, type Filter } from '../lib/filters.js';
import { valueLabel } from '../lib/labels.js';
import type { StatsClient, StatsParams } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { propKey, rowKey } from '../../protocol/stats.js';
import { errorMessage } from './form.js';

const SUGGESTIONS = 20;
const TYPING_MS = 250;

export interface ValuesOptions {
  stats: StatsClient;
  /** the report's parameters: site, period and date (its filters are replaced here) */
  params: StatsParams;
  filters: readonly Filter[];
  /** the property a filter being edited had: its filter is left out of the suggestions */
  editing: string | undefined;
  /** the values ticked at first */
  chosen: readonly string[];
  /** the property chosen now, or null (a custom property without a key) */
  property(): string | null;
  /** a value was ticked or added */
  onChange(): void;
}

export interface ValuesPicker {
  el: HTMLFieldSetElement;
  search: HTMLInputElement;
  /** the ticked values, in the order they were chosen, the typed text added first */
  take(): string[];
  /** a new property: nothing ticked, its own suggestions */
  reset(): Promise<void>;
  suggest(): Promise<void>;
  stop(): void;
}

/** The report's parameters with `filters` in place of its own. */
export function withFilters(params: StatsParams, filters: readonly Filter[]): StatsParams {
  const out: StatsParams = { ...params };
  delete out.filters;
  const api = toApiFilters(filters);
  if (api) out.filters = api;
  return out;
}

export function valuesPicker(o: ValuesOptions): ValuesPicker {
  const search = h('input', { className: 'input', name: 'value', type: 'text', autocomplete: 'off', spellcheck: false, placeholder: text.filterMenu.search });
  search.setAttribute('aria-label', text.filterMenu.search);
  const hint = h('small', { className: 'field-hint', id: 'filter-menu-hint', textContent: text.filterMenu.searchHint });
  search.setAttribute('aria-describedby', hint.id);
  const add = h('button', { type: 'button', className: 'button', textContent: text.filterMenu.addValue });
  const list = h('ul', { className: 'filter-values', attrs: { 'aria-label': text.filterMenu.suggestions } });
  const status = h('p', { className: 'muted filter-status', attrs: { role: 'status' } });
  const el = h(
    'fieldset',
    { className: 'field filter-values-field' },
    h('legend', { className: 'field-label', textContent: text.filterMenu.values }),
    h('div', { className: 'filter-search' }, search, add),
    hint,
    list,
    status,
  );

  let chosen = [...o.chosen];
  let suggested: string[] = [];
  let flight = new AbortController();
  let typing: ReturnType<typeof setTimeout> | undefined;

  function render(): void {
    const p = o.property() ?? '';
    const shown = [...chosen, ...suggested.filter((v) => !chosen.includes(v))];
    list.replaceChildren(
      ...shown.map((v) => {
        const box = h('input', { type: 'checkbox', checked: chosen.includes(v), value: v });
        box.addEventListener('change', () => {
          chosen = box.checked ? [...chosen, v] : chosen.filter((c) => c !== v);
          o.onChange();
        });
        return h('li', {}, h('label', { className: 'filter-value' }, box, h('span', { textContent: valueLabel(p, v, o.filters) })));
      }),
    );
    status.textContent = shown.length ? '' : text.filterMenu.noSuggestions;
  }

  async function suggest(): Promise<void> {
    flight.abort();
    flight = new AbortController();
    const { signal } = flight;
    const p = o.property();
    suggested = [];
    if (!p) return render();
    // A query names one custom property at most: the others are left out of it.
    let others = removeFilter(o.filters, o.editing ?? p).filter((f) => f.property !== p);
    if (propKey(p) !== undefined) others = others.filter((f) => propKey(f.property) === undefined);
    const typed = search.value.trim();
    const filters: Filter[] = typed ? [...others, { property: p, op: 'contains', values: [typed] }] : others;
    try {
      const rows = await o.stats.breakdown(withFilters(o.params, filters), p, ['visitors'], { limit: SUGGESTIONS }, signal);
      if (signal.aborted) return;
      suggested = rows.map((r) => String(r[rowKey(p)] ?? '')).filter(Boolean);
      render();
    } catch (err) {
      if (!signal.aborted) status.textContent = errorMessage(err);
    }
  }

  function addTyped(): boolean {
    const typed = search.value.trim();
    if (!typed) return false;
    if (!chosen.includes(typed)) chosen = [...chosen, typed];
    search.value = '';
    o.onChange();
    void suggest();
    return true;
  }

  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void suggest(), TYPING_MS);
  });
  // Enter adds what was typed; with nothing typed it applies, as a form does.
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && addTyped()) event.preventDefault();
  });
  add.addEventListener('click', () => {
    addTyped();
    search.focus();
  });

  return {
    el,
    search,
    take() {
      addTyped();
      return [...chosen];
    },
    reset() {
      chosen = [];
      return suggest();
    },
    suggest,
    stop() {
      clearTimeout(typing);
      flight.abort();
    },
  };
}

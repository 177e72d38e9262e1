// The filter menu: a property, an operator (is, is not, contains, does not contain) and one or
// more values, suggested by a breakdown of that property under the other filters. Typing
// narrows the suggestions with a `contains` filter, so the Stats API does the searching.
import { customKeyIn, OPERATORS, removeFilter, toApiFilters, type Filter, type Operator } from '../lib/filters.js';
import { field, h } from '../lib/dom.js';
import { propertyLabel, valueLabel } from '../lib/labels.js';
import { listPropKeys, type StatsClient, type StatsParams } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { propKey, propProperty, rowKey } from '../../protocol/stats.js';
import { openDialog } from './dialog.js';
import { alertLine, errorMessage } from './form.js';

/** Every property a filter can name, in the order of the panels; custom properties last. */
const PROPERTIES = [
  'event:page', 'visit:entry_page', 'visit:exit_page', 'event:hostname',
  'visit:source', 'visit:referrer', 'visit:channel',
  'visit:utm_medium', 'visit:utm_source', 'visit:utm_campaign', 'visit:utm_content', 'visit:utm_term',
  'visit:country', 'visit:region', 'visit:city',
  'visit:browser', 'visit:browser_version', 'visit:os', 'visit:os_version', 'visit:device',
  'event:goal', 'event:name',
];
const CUSTOM = 'custom';
const SUGGESTIONS = 20;
const TYPING_MS = 250;

export interface FilterMenuOptions {
  stats: StatsClient;
  /** the report's parameters: site, period and date (its filters are replaced here) */
  params: StatsParams;
  filters: readonly Filter[];
  /** the filter being edited, or null for a new one */
  editing: Filter | null;
  onApply(next: Filter): void;
}

export function openFilterMenu(o: FilterMenuOptions): void {
  const editing = o.editing;
  const editKey = editing ? propKey(editing.property) : undefined;
  const property = h(
    'select',
    { className: 'input', name: 'property' },
    ...PROPERTIES.map((p) => h('option', { value: p, textContent: propertyLabel(p) })),
    h('option', { value: CUSTOM, textContent: text.filterMenu.custom }),
  );
  property.value = editKey !== undefined ? CUSTOM : (editing?.property ?? PROPERTIES[0]!);
  const key = h('select', { className: 'input', name: 'prop-key' });
  const keyField = field(text.filterMenu.key, key);
  const operator = h('select', { className: 'input', name: 'operator' }, ...OPERATORS.map((op) => h('option', { value: op, textContent: text.filters.ops[op] })));
  operator.value = editing?.op ?? 'is';
  const search = h('input', { className: 'input', name: 'value', type: 'text', autocomplete: 'off', spellcheck: false, placeholder: text.filterMenu.search });
  search.setAttribute('aria-label', text.filterMenu.search);
  const hint = h('small', { className: 'field-hint', id: 'filter-menu-hint', textContent: text.filterMenu.searchHint });
  search.setAttribute('aria-describedby', hint.id);
  const add = h('button', { type: 'button', className: 'button', textContent: text.filterMenu.addValue });
  const list = h('ul', { className: 'filter-values', attrs: { 'aria-label': text.filterMenu.suggestions } });
  const status = h('p', { className: 'muted filter-status', attrs: { role: 'status' } });
  const error = alertLine(null);
  const apply = h('button', { type: 'submit', className: 'button primary', textContent: text.filterMenu.apply });
  const cancel = h('button', { type: 'button', className: 'button', textContent: text.cancel });
  const formEl = h(
    'form',
    { className: 'form filter-menu' },
    field(text.filterMenu.property, property),
    keyField,
    field(text.filterMenu.operator, operator),
    h(
      'fieldset',
      { className: 'field filter-values-field' },
      h('legend', { className: 'field-label', textContent: text.filterMenu.values }),
      h('div', { className: 'filter-search' }, search, add),
      hint,
      list,
      status,
    ),
    error,
    h('div', { className: 'form-actions' }, cancel, apply),
  );

  /** The values ticked, in the order they were chosen. */
  let chosen: string[] = editing ? [...editing.values] : [];
  let suggested: string[] = [];
  let flight = new AbortController();
  let typing: ReturnType<typeof setTimeout> | undefined;

  const chosenProperty = (): string | null => (property.value === CUSTOM ? (key.value ? propProperty(key.value) : null) : property.value);

  function renderValues(): void {
    const p = chosenProperty() ?? '';
    const shown = [...chosen, ...suggested.filter((v) => !chosen.includes(v))];
    list.replaceChildren(
      ...shown.map((v) => {
        const box = h('input', { type: 'checkbox', checked: chosen.includes(v), value: v });
        box.addEventListener('change', () => {
          chosen = box.checked ? [...chosen, v] : chosen.filter((c) => c !== v);
          error.hidden = true;
        });
        return h('li', {}, h('label', { className: 'filter-value' }, box, h('span', { textContent: valueLabel(p, v, o.filters) })));
      }),
    );
    status.textContent = shown.length ? '' : text.filterMenu.noSuggestions;
  }

  /** Suggestions: the property's top values under the other filters, narrowed by the text typed. */
  async function suggest(): Promise<void> {
    flight.abort();
    flight = new AbortController();
    const { signal } = flight;
    const p = chosenProperty();
    if (!p) {
      suggested = [];
      return renderValues();
    }
    // A query names one custom property at most: the others are left out of it.
    let others = removeFilter(o.filters, editing?.property ?? p).filter((f) => f.property !== p);
    if (propKey(p) !== undefined) others = others.filter((f) => propKey(f.property) === undefined);
    const typed = search.value.trim();
    const narrowed = typed ? [...others, { property: p, op: 'contains' as Operator, values: [typed] }] : others;
    const filters = toApiFilters(narrowed);
    const params: StatsParams = { ...o.params };
    delete params.filters;
    if (filters) params.filters = filters;
    try {
      const rows = await o.stats.breakdown(params, p, ['visitors'], { limit: SUGGESTIONS }, signal);
      if (signal.aborted) return;
      suggested = rows.map((r) => String(r[rowKey(p)] ?? '')).filter(Boolean);
    } catch (err) {
      if (signal.aborted) return;
      suggested = [];
      status.textContent = errorMessage(err);
      return;
    }
    renderValues();
  }

  async function loadKeys(): Promise<void> {
    const params: StatsParams = { ...o.params };
    delete params.filters;
    const other = toApiFilters(o.filters.filter((f) => propKey(f.property) === undefined));
    if (other) params.filters = other;
    const keys = await listPropKeys(o.stats, params, 100).catch(() => [] as string[]);
    const current = editKey ?? customKeyIn(o.filters);
    if (current && !keys.includes(current)) keys.unshift(current);
    key.replaceChildren(...(keys.length ? keys.map((k) => h('option', { value: k, textContent: k })) : [h('option', { value: '', textContent: text.filterMenu.noKeys })]));
    if (current) key.value = current;
  }

  async function onProperty(first = false): Promise<void> {
    keyField.hidden = property.value !== CUSTOM;
    // A country is filtered by its code, which no one types part of: is and is not only.
    const codes = property.value === 'visit:country';
    for (const option of operator.options) option.disabled = codes && option.value.startsWith('contains');
    if (codes && operator.value.startsWith('contains')) operator.value = 'is';
    if (!first) chosen = [];
    if (property.value === CUSTOM && key.options.length === 0) await loadKeys();
    await suggest();
  }

  function addTyped(): boolean {
    const typed = search.value.trim();
    if (!typed) return false;
    if (!chosen.includes(typed)) chosen = [...chosen, typed];
    search.value = '';
    error.hidden = true;
    void suggest();
    return true;
  }

  property.addEventListener('change', () => void onProperty());
  key.addEventListener('change', () => {
    chosen = [];
    void suggest();
  });
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

  const dialog = openDialog(editing ? text.filterMenu.editTitle : text.filterMenu.title, { onClose: () => flight.abort() }, formEl);
  cancel.addEventListener('click', dialog.close);
  formEl.addEventListener('submit', (event) => {
    event.preventDefault();
    addTyped();
    const p = chosenProperty();
    if (!p || chosen.length === 0) {
      error.textContent = text.filterMenu.needValue;
      error.hidden = false;
      search.focus();
      return;
    }
    dialog.close();
    o.onApply({ property: p, op: operator.value as Operator, values: chosen });
  });
  void onProperty(true);
  property.focus();
}

// The filter menu: a property, an operator (is, is not, contains, does not contain) and one or
// more values (filter-values.ts), in a dialog that returns focus where it was when cancelled.
import { customKeyIn, OPERATORS, type Filter, type Operator } from '../lib/filters.js';
import { field, h } from '../lib/dom.js';
import { propertyLabel } from '../lib/labels.js';
import { listPropKeys, type StatsClient, type StatsParams } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { propKey, propProperty } from '../../protocol/stats.js';
import { openDialog } from './dialog.js';
import { valuesPicker, withFilters } from './filter-values.js';
import { alertLine } from './form.js';

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

export interface FilterMenuOptions {
  stats: StatsClient;
  /** the report's parameters: site, period and date */
  params: StatsParams;
  filters: readonly Filter[];
  /** the filter being edited, or null for a new one */
  editing: Filter | null;
  onApply(next: Filter): void;
}

const select = (name: string, options: [value: string, label: string][]) =>
  h('select', { className: 'input', name }, ...options.map(([value, label]) => h('option', { value, textContent: label })));

export function openFilterMenu(o: FilterMenuOptions): void {
  const { editing } = o;
  const editKey = editing ? propKey(editing.property) : undefined;
  const property = select('property', [...PROPERTIES.map((p): [string, string] => [p, propertyLabel(p)]), [CUSTOM, text.filterMenu.custom]]);
  property.value = editKey !== undefined ? CUSTOM : (editing?.property ?? PROPERTIES[0]!);
  const key = select('prop-key', []);
  const keyField = field(text.filterMenu.key, key);
  const operator = select('operator', OPERATORS.map((op) => [op, text.filters.ops[op]]));
  operator.value = editing?.op ?? 'is';
  const chosenProperty = (): string | null => (property.value === CUSTOM ? (key.value ? propProperty(key.value) : null) : property.value);
  const error = alertLine(null);
  const values = valuesPicker({ ...o, editing: editing?.property, chosen: editing?.values ?? [], property: chosenProperty, onChange: () => (error.hidden = true) });
  const apply = h('button', { type: 'submit', className: 'button primary', textContent: text.filterMenu.apply });
  const cancel = h('button', { type: 'button', className: 'button', textContent: text.cancel });
  const formEl = h(
    'form',
    { className: 'form filter-menu' },
    field(text.filterMenu.property, property),
    keyField,
    field(text.filterMenu.operator, operator),
    values.el,
    error,
    h('div', { className: 'form-actions' }, cancel, apply),
  );

  /** The period's custom property keys, the one in use first if the period has none of it. */
  async function loadKeys(): Promise<void> {
    const others = o.filters.filter((f) => propKey(f.property) === undefined);
    const keys = await listPropKeys(o.stats, withFilters(o.params, others), 100).catch(() => [] as string[]);
    const current = editKey ?? customKeyIn(o.filters);
    if (current && !keys.includes(current)) keys.unshift(current);
    key.replaceChildren(...(keys.length ? keys.map((k) => h('option', { value: k, textContent: k })) : [h('option', { value: '', textContent: text.filterMenu.noKeys })]));
    if (current) key.value = current;
  }

  async function onProperty(first: boolean): Promise<void> {
    keyField.hidden = property.value !== CUSTOM;
    // A country is filtered by its code, which no one types part of: is and is not only.
    const codes = property.value === 'visit:country';
    for (const option of operator.options) option.disabled = codes && option.value.startsWith('contains');
    if (codes && operator.value.startsWith('contains')) operator.value = 'is';
    if (property.value === CUSTOM && key.options.length === 0) await loadKeys();
    await (first ? values.suggest() : values.reset());
  }

  property.addEventListener('change', () => void onProperty(false));
  key.addEventListener('change', () => void values.reset());
  const dialog = openDialog(editing ? text.filterMenu.editTitle : text.filterMenu.title, { onClose: values.stop }, formEl);
  cancel.addEventListener('click', dialog.close);
  formEl.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = values.take();
    const p = chosenProperty();
    if (!p || chosen.length === 0) {
      error.textContent = text.filterMenu.needValue;
      error.hidden = false;
      values.search.focus();
      return;
    }
    dialog.close();
    o.onApply({ property: p, op: operator.value as Operator, values: chosen });
  });
  void onProperty(true);
  property.focus();
}

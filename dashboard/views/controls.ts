// The report's controls: which site, which dates, and the CSV export. They only report choices;
// the report loads.
import type { Site } from '../lib/api.js';
import { h, icon, type View } from '../lib/dom.js';
import { formatDay } from '../lib/format.js';
import type { DateSpan } from '../../protocol/periods.js';
import { RANGES, type RangeKey } from '../lib/periods.js';
import type { ViewState } from '../lib/state.js';
import { text } from '../lib/text.js';

export interface ControlsOptions {
  sites: Site[];
  /** a shared link shows one site and no switcher */
  shared: boolean;
  /** false: no export button (a viewer's report) */
  exportable: boolean;
  onChange(change: Partial<ViewState>): void;
  onExport(): void;
}

export interface ControlsView extends View {
  sync(state: ViewState, span: DateSpan): void;
  setExporting(busy: boolean): void;
}

export function spanLabel(span: DateSpan): string {
  if (span.from === span.to) return formatDay(span.from, 'full');
  return `${formatDay(span.from, span.from.slice(0, 4) === span.to.slice(0, 4) ? 'day' : 'full')} – ${formatDay(span.to, 'full')}`;
}

export function controls(options: ControlsOptions): ControlsView {
  const t = text.report;
  const select = h(
    'select',
    { className: 'input site-select', name: 'site', attrs: { 'aria-label': t.site }, on: { change: () => options.onChange({ site: select.value }) } },
    ...options.sites.map((s) => h('option', { value: s.domain, textContent: s.display_domain })),
  );
  const site = options.shared ? h('h1', { className: 'site-name' }, options.sites[0]!.display_domain) : select;

  const period = h(
    'select',
    { className: 'input period-select', name: 'period', attrs: { 'aria-label': t.period } },
    ...RANGES.map((r) => h('option', { value: r, textContent: t.periods[r] })),
  );
  const caption = h('span', { className: 'range-caption muted' });
  const from = h('input', { className: 'input', type: 'date', name: 'from', required: true });
  const to = h('input', { className: 'input', type: 'date', name: 'to', required: true });
  const custom = h(
    'form',
    { className: 'custom-range', hidden: true },
    h('label', { className: 'inline-field' }, h('span', {}, t.from), from),
    h('label', { className: 'inline-field' }, h('span', {}, t.to), to),
    h('button', { type: 'submit', className: 'button small primary', textContent: t.apply }),
  );
  let last: RangeKey = '30d';
  period.addEventListener('change', () => {
    const range = period.value as RangeKey;
    if (range === 'custom') {
      custom.hidden = false;
      from.focus();
      return;
    }
    custom.hidden = true;
    options.onChange({ range, from: undefined, to: undefined });
  });
  custom.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!from.value || !to.value) return;
    const [a, b] = from.value <= to.value ? [from.value, to.value] : [to.value, from.value];
    options.onChange({ range: 'custom', from: a, to: b });
  });
  // Leaving the custom form without applying puts the picker back on what is shown.
  custom.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    custom.hidden = true;
    period.value = last;
    period.focus();
  });

  const exportButton = h('button', { type: 'button', className: 'button', on: { click: () => options.onExport() } }, icon('download'), h('span', {}, t.exportCsv));

  const el = h(
    'div',
    { className: 'controls' },
    h('div', { className: 'controls-site' }, site, options.shared && h('span', { className: 'badge' }, t.readOnly)),
    h('div', { className: 'controls-range' }, caption, period, options.exportable && exportButton),
    custom,
  );

  return {
    el,
    sync(state, span) {
      if (state.site) select.value = state.site;
      period.value = state.range;
      last = state.range;
      from.value = span.from;
      to.value = span.to;
      custom.hidden = state.range !== 'custom';
      caption.textContent = spanLabel(span);
    },
    setExporting(busy) {
      exportButton.disabled = busy;
      exportButton.lastElementChild!.textContent = busy ? t.exporting : t.exportCsv;
    },
  };
}

// The report's controls: which site, which dates, what they are compared with, and the CSV
// export. They only report choices; the report loads.
import type { Site } from '../lib/api.js';
import { h, icon, type View } from '../lib/dom.js';
import { formatDay } from '../lib/format.js';
import type { DateSpan } from '../../protocol/periods.js';
import { COMPARES, RANGES, type CompareKey, type RangeKey } from '../lib/periods.js';
import type { ViewState } from '../lib/state.js';
import { text } from '../lib/text.js';
import { choiceSelect } from './choice-select.js';
import { spanPicker } from './span-form.js';

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
  /** `against`: the span compared with, null when comparing is off */
  sync(state: ViewState, span: DateSpan, against: DateSpan | null): void;
  setExporting(busy: boolean): void;
}

export function spanLabel(span: DateSpan): string {
  if (span.from === span.to) return formatDay(span.from, 'full');
  return `${formatDay(span.from, span.from.slice(0, 4) === span.to.slice(0, 4) ? 'day' : 'full')} – ${formatDay(span.to, 'full')}`;
}

export function controls(options: ControlsOptions): ControlsView {
  const t = text.report;
  const d = text.dates;
  // Like the period: arrowing through the sites would load each one's report.
  const select = choiceSelect(
    { name: 'site', label: t.site, hint: d.selectHint, choices: options.sites.map((s) => ({ value: s.domain, label: s.display_domain })) },
    (site) => options.onChange({ site }),
  );
  const site = options.shared ? [h('h1', { className: 'site-name' }, options.sites[0]!.display_domain)] : [select.el, select.hint];

  const caption = h('span', { className: 'range-caption muted' });
  const period = spanPicker(
    {
      select: { name: 'period', label: t.period, hint: d.selectHint, choices: RANGES.map((r) => ({ value: r, label: t.periods[r] })) },
      form: { name: 'range-form', label: d.rangeTitle, fromName: 'from', toName: 'to' },
    },
    (range) => options.onChange({ range: range as RangeKey, from: undefined, to: undefined }),
    (span) => options.onChange({ range: 'custom', ...span }),
  );
  const compareCaption = h('span', { className: 'range-caption muted compare-caption' });
  const compare = spanPicker(
    {
      select: { name: 'compare', label: d.compare, hint: d.selectHint, choices: COMPARES.map((c) => ({ value: c, label: d.compares[c] })) },
      form: { name: 'compare-form', label: d.compare, fromName: 'compare_from', toName: 'compare_to' },
    },
    (mode) => options.onChange({ compare: mode as CompareKey, compareFrom: undefined, compareTo: undefined }),
    (span) => options.onChange({ compare: 'custom', compareFrom: span.from, compareTo: span.to }),
  );

  const exportButton = h('button', { type: 'button', className: 'button', on: { click: () => options.onExport() } }, icon('download'), h('span', {}, t.exportCsv));

  const el = h(
    'div',
    { className: 'controls' },
    h('div', { className: 'controls-site' }, ...site, options.shared && h('span', { className: 'badge' }, t.readOnly)),
    h('div', { className: 'controls-range' }, caption, period.select.el, period.select.hint, compareCaption, compare.select.el, compare.select.hint, options.exportable && exportButton),
    period.form.el,
    compare.form.el,
  );

  return {
    el,
    sync(state, span, against) {
      if (state.site) select.set(state.site);
      period.set(state.range, span);
      caption.textContent = spanLabel(span);
      compare.set(state.compare, against ?? span);
      compareCaption.textContent = against ? d.versus(spanLabel(against)) : '';
    },
    setExporting(busy) {
      exportButton.disabled = busy;
      exportButton.lastElementChild!.textContent = busy ? t.exporting : t.exportCsv;
    },
  };
}

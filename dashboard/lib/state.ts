// What the report is looking at — site, date range, filters, chart metric and interval — kept in
// the address bar, so a reload, a bookmark or a shared URL shows the same view, and Back undoes
// a filter.
import { isInterval, type Interval } from '../../protocol/stats.js';
import { decodeFilters, encodeFilter, type Filter } from './filters.js';
import { isTopMetric, type TopMetric } from './metrics.js';
import { DEFAULT_COMPARE, DEFAULT_RANGE, isCompare, isRange, isSpan, type CompareKey, type RangeKey } from './periods.js';

export type Screen = 'report' | 'settings';

export interface ViewState {
  screen: Screen;
  /** a site's domain, or null before the sites are known */
  site: string | null;
  range: RangeKey;
  /** only with range "custom" */
  from?: string;
  to?: string;
  filters: Filter[];
  metric: TopMetric;
  /** null: the range's default */
  interval: Interval | null;
  compare: CompareKey;
  /** only with compare "custom" */
  compareFrom?: string;
  compareTo?: string;
  /** what the address asked for and could not be shown (reversed or unreal dates): said once, never written back */
  rejected?: ('range' | 'compare')[];
}

export function readState(search: string = location.search): ViewState {
  const params = new URLSearchParams(search);
  const range = params.get('period');
  const from = params.get('from');
  const to = params.get('to');
  const custom = range === 'custom' && isSpan({ from: from ?? undefined, to: to ?? undefined });
  const rangeOk = range === null || (isRange(range) && (range !== 'custom' || custom));
  const compare = params.get('compare');
  const compareSpan = { from: params.get('compare_from') ?? undefined, to: params.get('compare_to') ?? undefined };
  const compareCustom = compare === 'custom' && isSpan(compareSpan);
  const compareOk = compare === null || (isCompare(compare) && (compare !== 'custom' || compareCustom));
  const rejected = [...(rangeOk ? [] : ['range' as const]), ...(compareOk ? [] : ['compare' as const])];
  const metric = params.get('metric');
  const interval = params.get('interval');
  return {
    screen: params.get('view') === 'settings' ? 'settings' : 'report',
    site: params.get('site'),
    range: isRange(range) && (range !== 'custom' || custom) ? range : DEFAULT_RANGE,
    ...(custom ? { from: from!, to: to! } : {}),
    filters: decodeFilters(params.getAll('f')),
    metric: isTopMetric(metric) ? metric : 'visitors',
    interval: isInterval(interval) ? interval : null,
    compare: compareOk && compare ? (compare as CompareKey) : DEFAULT_COMPARE,
    ...(compareCustom ? { compareFrom: compareSpan.from!, compareTo: compareSpan.to! } : {}),
    ...(rejected.length ? { rejected } : {}),
  };
}

export function searchOf(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.screen === 'settings') params.set('view', 'settings');
  if (state.site) params.set('site', state.site);
  if (state.screen === 'report') {
    if (state.range !== DEFAULT_RANGE) params.set('period', state.range);
    if (state.range === 'custom' && state.from && state.to) {
      params.set('from', state.from);
      params.set('to', state.to);
    }
    for (const f of state.filters) for (const v of encodeFilter(f)) params.append('f', v);
    if (state.metric !== 'visitors') params.set('metric', state.metric);
    if (state.interval) params.set('interval', state.interval);
    if (state.compare !== DEFAULT_COMPARE) params.set('compare', state.compare);
    if (state.compare === 'custom' && state.compareFrom && state.compareTo) {
      params.set('compare_from', state.compareFrom);
      params.set('compare_to', state.compareTo);
    }
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** `push` makes a history entry (a filter, a new range); otherwise the entry is replaced. */
export function writeState(state: ViewState, push = false): void {
  const url = `${location.pathname}${searchOf(state)}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

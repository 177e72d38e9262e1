// From what the owner is looking at to Stats API parameters.
import { todayIn, type DateSpan } from '../../protocol/periods.js';
import { toApiFilters } from './filters.js';
import { compareSpan, resolve, type Resolved } from './periods.js';
import type { StatsParams } from './stats.js';
import type { ViewState } from './state.js';

export interface ReportQuery {
  site: string;
  timezone: string;
  resolved: Resolved;
  /** for the current view */
  params: StatsParams;
  /** what the totals' changes and the chart's comparison line are against; null when comparing is off */
  comparison: { params: StatsParams; span: DateSpan } | null;
  /** the site's today */
  today: string;
}

export function reportQuery(state: ViewState, site: { domain: string; timezone: string }, now = new Date()): ReportQuery {
  const today = todayIn(site.timezone, now);
  const resolved = resolve(state.range, today, state.from && state.to ? { from: state.from, to: state.to } : undefined);
  const filters = toApiFilters(state.filters);
  const base: StatsParams = { site_id: site.domain, ...(filters ? { filters } : {}) };
  const custom = state.compareFrom && state.compareTo ? { from: state.compareFrom, to: state.compareTo } : undefined;
  const span = compareSpan(state.compare, resolved, custom);
  return {
    site: site.domain,
    timezone: site.timezone,
    resolved,
    today,
    params: { ...base, ...resolved.params },
    comparison: span && { params: { ...base, period: 'custom', date: `${span.from},${span.to}` }, span },
  };
}

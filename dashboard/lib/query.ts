// From what the owner is looking at to Stats API parameters.
import { previousSpan, todayIn, type DateSpan } from '../../protocol/periods.js';
import { toApiFilters } from './filters.js';
import { resolve, type Resolved } from './periods.js';
import type { StatsParams } from './stats.js';
import type { ViewState } from './state.js';

export interface ReportQuery {
  site: string;
  timezone: string;
  resolved: Resolved;
  /** for the current view */
  params: StatsParams;
  /** the previous period, for the chart's comparison line */
  previous: StatsParams;
  previousSpan: DateSpan;
  /** the site's today */
  today: string;
}

export function reportQuery(state: ViewState, site: { domain: string; timezone: string }, now = new Date()): ReportQuery {
  const today = todayIn(site.timezone, now);
  const resolved = resolve(state.range, today, state.from && state.to ? { from: state.from, to: state.to } : undefined);
  const filters = toApiFilters(state.filters);
  const base: StatsParams = { site_id: site.domain, ...(filters ? { filters } : {}) };
  const prev = previousSpan(resolved);
  return {
    site: site.domain,
    timezone: site.timezone,
    resolved,
    today,
    params: { ...base, ...resolved.params },
    previous: { ...base, period: 'custom', date: `${prev.from},${prev.to}` },
    previousSpan: prev,
  };
}

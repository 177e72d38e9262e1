// What the dashboard is looking at, kept in the address bar so a reload or a bookmark
// returns to the same site and period.

export const PERIODS = ['day', '7d', '30d', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export const DEFAULT_PERIOD: Period = '7d';

export interface ViewState {
  /** a site's domain, or null before the sites are known */
  site: string | null;
  period: Period;
}

const isPeriod = (value: string | null): value is Period => PERIODS.includes(value as Period);

export function readState(search: string = location.search): ViewState {
  const params = new URLSearchParams(search);
  const period = params.get('period');
  return { site: params.get('site'), period: isPeriod(period) ? period : DEFAULT_PERIOD };
}

export function writeState(state: ViewState): void {
  const params = new URLSearchParams();
  if (state.site) params.set('site', state.site);
  if (state.period !== DEFAULT_PERIOD) params.set('period', state.period);
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}

// One site's report: controls, filters, the top row, the chart and the breakdown panels. Every
// change of site, dates or filters cancels the requests still in flight, so a slow answer never
// paints over a newer choice.
import type { Site } from '../lib/api.js';
import { h, type View } from '../lib/dom.js';
import { exportZip, download } from '../lib/export.js';
import { addFilter, removeFilter, replaceFilter } from '../lib/filters.js';
import { wallClockSeconds } from '../lib/format.js';
import { isUnauthorized } from '../lib/http.js';
import { TOP_METRICS } from '../lib/metrics.js';
import { panelDefs } from '../lib/panels.js';
import { intervalsFor, nowIn, pickInterval } from '../lib/periods.js';
import { reportQuery, type ReportQuery } from '../lib/query.js';
import { writeState, type ViewState } from '../lib/state.js';
import { compared, type Interval, type Metric, type MetricValue } from '../../protocol/stats.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { breakdownPanel } from './breakdown.js';
import { chartPanel } from './chart-panel.js';
import { controls, spanLabel } from './controls.js';
import { firstEventGate } from './empty-site.js';
import { filterBar } from './filter-bar.js';
import { openFilterMenu } from './filter-menu.js';
import { alertLine, errorMessage } from './form.js';
import { totalsView } from './totals.js';

const REALTIME_EVERY_MS = 30_000;
/** a performance mark: the first report of this page load has every answer */
const REPORT_READY = 'lagom:report-ready';

export interface ReportOptions {
  sites: Site[];
  initial: ViewState;
  stats: StatsClient;
  /** a shared link: one site, no switcher */
  shared: boolean;
  /** the export button is shown (an admin's or owner's report, or a shared link's) */
  exportable?: boolean;
  /** what the server's location database gives (/api/auth/me); unknown on a shared link */
  location?: 'country' | 'city';
  onUnauthorized(): void;
  /** the report shows this site now (chosen, or from the address bar) */
  onSite?(domain: string): void;
}

export interface ReportView extends View {
  /** shows a state read from the address bar (Back, Forward) */
  apply(state: ViewState): void;
}

export function reportView(o: ReportOptions): ReportView {
  // ?site= may hold either form of an internationalised name; the state keeps the stored one.
  const siteOf = (domain: string | null): Site => o.sites.find((s) => s.domain === domain || s.display_domain === domain) ?? o.sites[0]!;
  // What the address asked for and could not show is said once; the address is mended at once.
  const take = (next: ViewState): ViewState => {
    const { rejected, ...rest } = next;
    const say = [rejected?.includes('range') && text.dates.badRange(`${text.report.periods[rest.range]} (${spanLabel(reportQuery(rest, siteOf(rest.site)).resolved)})`), rejected?.includes('compare') && text.dates.badCompare];
    datesNotice.textContent = say.filter(Boolean).join(' ');
    datesNotice.hidden = !rejected;
    return { ...rest, screen: 'report', site: siteOf(next.site).domain };
  };
  const datesNotice = alertLine(null, 'notice');
  datesNotice.classList.add('dates-notice');
  let state: ViewState = take(o.initial);
  writeState(state);

  const panels = panelDefs();
  const notice = alertLine(null, 'notice');
  const ctl = controls({
    sites: o.sites,
    shared: o.shared,
    exportable: o.exportable ?? true,
    // Filters belong to a site: another site starts without them.
    onChange: (change) => update(change.site && change.site !== state.site ? { ...change, filters: [] } : change, true),
    onExport: () => void runExport(),
  });
  const bar = filterBar(
    (property) => update({ filters: removeFilter(state.filters, property) }, true),
    () => update({ filters: [] }, true),
    (editing) =>
      openFilterMenu({
        stats: o.stats,
        params: currentQuery().params,
        filters: state.filters,
        editing,
        onApply: (next) => {
          update({ filters: editing ? replaceFilter(state.filters, editing.property, next) : addFilter(state.filters, next) }, true);
          bar.focusChip(next.property);
        },
      }),
  );
  const totals = totalsView(state.metric, (metric) => update({ metric }, false, true));
  const chart = chartPanel((interval) => update({ interval }, false, true));
  const breakdowns = panels.map((p) => breakdownPanel(p, (f) => update({ filters: addFilter(state.filters, f) }, true), fail, { location: o.location }));
  // The page's one h1, for screen readers (the site switcher shows the name): the shell moves
  // focus here after sign-in and from its skip link. A shared link's controls show the name as
  // their h1 already.
  const heading = o.shared ? null : h('h1', { className: 'sr-only', tabIndex: -1 });
  // A shared link's reader cannot install anything: its report is shown as it is.
  // Its first events are today's, which "Last 30 days" leaves out.
  const gate = o.shared ? null : firstEventGate(o.stats, () => update({ range: 'day', interval: null }, false));
  const el = h(
    'div',
    { className: 'report' },
    heading,
    ctl.el,
    gate?.el,
    bar.el,
    datesNotice,
    notice,
    h('section', { className: 'card overview' }, totals.note, totals.el, chart.el),
    h('div', { className: 'panels' }, ...breakdowns.map((b) => b.el)),
  );

  let inFlight = new AbortController();
  let chartFlight = new AbortController();

  function fail(err: unknown): void {
    if (err instanceof DOMException && err.name === 'AbortError') return;
    if (isUnauthorized(err)) return o.onUnauthorized();
    notice.textContent = `${text.loadFailed} ${errorMessage(err)}`;
    notice.hidden = false;
  }

  function update(change: Partial<ViewState>, push: boolean, chartOnly = false): void {
    state = { ...state, ...change };
    datesNotice.hidden = true;
    writeState(state, push);
    if (chartOnly) {
      totals.select(state.metric);
      void loadChart(currentQuery()).catch(fail);
    } else load();
  }

  const currentQuery = () => reportQuery(state, siteOf(state.site));
  const intervalOf = (q: ReportQuery): Interval => pickInterval(state.interval, state.range, q.resolved);

  function loadChart(q: ReportQuery): Promise<void> {
    chartFlight.abort();
    chartFlight = new AbortController();
    // load() calls this too, so aborting chartFlight also cancels a full load's chart.
    const { signal } = chartFlight;
    const interval = intervalOf(q);
    const metric = state.metric;
    chart.setIntervals(intervalsFor(q.resolved), interval);
    return Promise.all([
      o.stats.timeseries(q.params, [metric], interval, signal),
      // The comparison line is a nicety: without it the chart still stands.
      q.comparison ? o.stats.timeseries(q.comparison.params, [metric], interval, signal).catch(() => null) : null,
    ]).then(([current, previous]) => {
      if (signal.aborted) return;
      const previousLabel = state.compare === 'off' ? undefined : text.dates.series[state.compare];
      chart.set({ metric, metricLabel: text.metrics[metric], interval, current, previous, previousLabel, now: wallClockSeconds(nowIn(q.timezone)) });
    });
  }

  function load(): void {
    // The chart of a load this one replaces must not draw while this one waits (on the site's
    // first-event check, say).
    chartFlight.abort();
    inFlight.abort();
    inFlight = new AbortController();
    const { signal } = inFlight;
    const q = currentQuery();
    if (heading) heading.textContent = siteOf(state.site).display_domain;
    // An interval this range does not offer (hours over 12 days) leaves the address too.
    if (state.interval && !intervalsFor(q.resolved).includes(state.interval)) {
      state = { ...state, interval: null };
      writeState(state);
    }
    ctl.sync(state, q.resolved, q.comparison?.span ?? null);
    bar.set(state.filters);
    totals.select(state.metric);
    notice.hidden = true;
    el.classList.add('loading');
    o.onSite?.(state.site!);
    if (!gate) return loadReport(q, signal);
    gate.check(state.site!, signal).then(
      (counted) => {
        if (signal.aborted) return;
        el.classList.toggle('uncounted', !counted);
        if (counted) loadReport(q, signal);
        else el.classList.remove('loading');
      },
      (err: unknown) => {
        fail(err);
        if (signal.aborted || isUnauthorized(err)) return;
        // Without the answer, the report as it is.
        el.classList.remove('uncounted');
        loadReport(q, signal);
      },
    );
  }

  function loadReport(q: ReportQuery, signal: AbortSignal): void {
    const aggregate = aggregateCompared(q, signal);
    const total = aggregate.then((r) => r.visitors?.value ?? null, () => null);
    const work: Promise<unknown>[] = [
      aggregate.then((values) => {
        if (!signal.aborted) totals.set(values, state.compare === 'off' ? undefined : text.dates.vs[state.compare]);
      }),
      loadChart(q),
      refreshCurrent(signal),
      ...breakdowns.map((b) => b.load({ stats: o.stats, params: q.params, filters: state.filters, total, signal })),
    ].map((p) => p.catch(fail));
    void Promise.all(work).then(() => {
      if (signal.aborted) return;
      el.classList.remove('loading');
      // When the first report had every answer, for bench/dashboard.ts (and anyone's devtools).
      if (performance.getEntriesByName(REPORT_READY).length === 0) performance.mark(REPORT_READY);
    });
  }

  // The comparison is asked for as a period of its own and compared here, as the server compares
  // with the previous period (protocol's compared), so every comparison mode is the same request.
  async function aggregateCompared(q: ReportQuery, signal: AbortSignal): Promise<Partial<Record<Metric, MetricValue>>> {
    const [values, before] = await Promise.all([
      o.stats.aggregate(q.params, TOP_METRICS, false, signal),
      q.comparison && o.stats.aggregate(q.comparison.params, TOP_METRICS, false, signal),
    ]);
    if (!before) return values;
    return Object.fromEntries(TOP_METRICS.map((m) => [m, compared(m, values[m]?.value, before[m]?.value)]));
  }

  const refreshCurrent = (signal: AbortSignal) =>
    o.stats.realtime(state.site!, signal).then((n) => {
      if (!signal.aborted) totals.setCurrent(n);
    });
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') void refreshCurrent(inFlight.signal).catch(fail);
  }, REALTIME_EVERY_MS);

  async function runExport(): Promise<void> {
    ctl.setExporting(true);
    try {
      const q = currentQuery();
      const file = await exportZip({ stats: o.stats, query: q, filters: state.filters, interval: intervalOf(q), panels });
      download(file.name, file.data);
    } catch (err) {
      if (isUnauthorized(err)) return o.onUnauthorized();
      notice.textContent = `${text.report.exportFailed} ${errorMessage(err)}`;
      notice.hidden = false;
    } finally {
      ctl.setExporting(false);
    }
  }

  return {
    el,
    mounted() {
      chart.mounted?.();
      load();
    },
    apply(next) {
      state = take(next);
      load();
    },
    destroy() {
      clearInterval(timer);
      gate?.destroy();
      inFlight.abort();
      chartFlight.abort();
      chart.destroy?.();
    },
  };
}

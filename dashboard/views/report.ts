// One site's report: controls, totals, chart and top pages. Every change of site or period
// cancels the requests still in flight, so a slow answer never paints over a newer choice.
import { isUnauthorized, stats, type Site, type StatsQuery } from '../api.js';
import { createChart, type Chart } from '../chart.js';
import { h, type View } from '../dom.js';
import { intervalFor } from '../format.js';
import { writeState, type ViewState } from '../state.js';
import { text } from '../text.js';
import { controls } from './controls.js';
import { errorMessage } from './form.js';
import { topPagesView } from './top-pages.js';
import { totalsView } from './totals.js';

const REALTIME_EVERY_MS = 30_000;
const TOP_PAGES = 10;

export function reportView(sites: Site[], initial: ViewState, onUnauthorized: () => void): View {
  let state: ViewState = { ...initial, site: sites.some((s) => s.domain === initial.site) ? initial.site : sites[0]!.domain };
  writeState(state);

  const totals = totalsView();
  const pages = topPagesView();
  const notice = h('p', { className: 'notice', hidden: true, attrs: { role: 'alert' } });
  const plot = h('div', { className: 'chart', attrs: { role: 'img', 'aria-label': text.chartLabel } });
  const el = h(
    'div',
    { className: 'report' },
    controls(sites, state, (change) => {
      state = { ...state, ...change };
      writeState(state);
      load();
    }),
    notice,
    totals.el,
    h('section', { className: 'card panel chart-panel' }, plot),
    pages.el,
  );

  let chart: Chart | null = null;
  let inFlight = new AbortController();

  const fail = (err: unknown) => {
    if (inFlight.signal.aborted) return;
    if (isUnauthorized(err)) return onUnauthorized();
    notice.textContent = `${text.loadFailed} ${errorMessage(err)}`;
    notice.hidden = false;
  };

  function load(): void {
    inFlight.abort();
    inFlight = new AbortController();
    const { signal } = inFlight;
    const query: StatsQuery = { site: state.site!, period: state.period };
    const interval = intervalFor(state.period);
    notice.hidden = true;
    el.classList.add('loading');
    // The chart needs its container laid out to know its width, so it is made on first load.
    chart ??= createChart(plot);
    const chartRef = chart;
    const work = [
      stats.aggregate(query, signal).then(totals.set),
      stats.timeseries(query, interval, signal).then((points) => chartRef.update(points, interval)),
      stats.topPages(query, TOP_PAGES, signal).then(pages.set),
      refreshCurrent(signal),
    ].map((p) => p.catch(fail));
    void Promise.all(work).then(() => {
      if (!signal.aborted) el.classList.remove('loading');
    });
  }

  const refreshCurrent = (signal: AbortSignal) => stats.realtime(state.site!, signal).then(totals.setCurrent);
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') void refreshCurrent(inFlight.signal).catch(fail);
  }, REALTIME_EVERY_MS);

  return {
    el,
    mounted: load,
    destroy() {
      clearInterval(timer);
      inFlight.abort();
      chart?.destroy();
    },
  };
}

// CSV export of the current view (site, dates, filters): the totals, the time series and every
// breakdown, one CSV file each, in one zip. Values are exported raw (ISO country codes, the
// Stats API's names), with the Stats API's field names as headers.
import { toCsv, type Cell } from './csv.js';
import { addFilter, customKeyIn, filterValue, isFilter, toApiFilters, type Filter } from './filters.js';
import { propProperty, rowKey, type BreakdownRow, type Interval, type Metric } from '../../protocol/stats.js';
import { TOP_METRICS } from './metrics.js';
import { isCustomProps, type PanelDef, type TabDef } from './panels.js';
import type { ReportQuery } from './query.js';
import { listPropKeys, type StatsClient, type StatsParams } from './stats.js';
import { zip, type ZipEntry } from './zip.js';

export interface ExportOptions {
  stats: StatsClient;
  query: ReportQuery;
  filters: Filter[];
  interval: Interval;
  panels: PanelDef[];
}

/** The Stats API's largest page. */
const LIMIT = 1000;
/** Versions are exported for this many browsers (and operating systems). */
const VERSIONS_OF = 10;
/** Custom property keys exported, at most. */
const MAX_PROP_KEYS = 30;

async function inBatches<T>(tasks: (() => Promise<T>)[], width = 4): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return out;
}

const rowCells = (rows: ReadonlyArray<Record<string, string | number | null | undefined>>, keys: string[]): Cell[][] => rows.map((r) => keys.map((k) => r[k] ?? ''));

/** Every tab once: the five UTM variants and every custom property key included, drill-downs apart. */
function allTabs(panels: PanelDef[], propKeys: string[]): TabDef[] {
  const tabs: TabDef[] = [];
  for (const panel of panels) {
    for (const tab of panel.tabs) {
      if (panel.variants?.tab === tab.id) tabs.push(...panel.variants.options);
      else if (isCustomProps(tab)) tabs.push(...propKeys.map((key) => ({ ...tab, property: propProperty(key), csv: `props_${key.replace(/[^\w-]+/g, '_')}` })));
      else tabs.push(tab);
    }
  }
  return tabs;
}

/** A query holds one custom property key: with a property filter, that one; else every key. */
async function propKeys(o: ExportOptions): Promise<string[]> {
  const chosen = customKeyIn(o.filters);
  if (chosen) return [chosen];
  return listPropKeys(o.stats, o.query.params, MAX_PROP_KEYS);
}

async function versions(o: ExportOptions, parent: TabDef, drill: TabDef, parentRows: BreakdownRow[]): Promise<ZipEntry> {
  const parentKey = rowKey(parent.property);
  const chosen = filterValue(o.filters, parent.property);
  const names = chosen ? [chosen] : parentRows.slice(0, VERSIONS_OF).map((r) => String(r[parentKey] ?? '')).filter(Boolean);
  const tables = await inBatches(
    names.map((name) => async () => {
      const filters = toApiFilters(addFilter(o.filters, isFilter(parent.property, name)));
      const params: StatsParams = { ...o.query.params, ...(filters ? { filters } : {}) };
      const rows = await o.stats.breakdown(params, drill.property, drill.detailMetrics, { limit: LIMIT });
      return rows.map((r): Cell[] => [name, r[rowKey(drill.property)] ?? '', ...drill.detailMetrics.map((m) => r[m] ?? '')]);
    }),
  );
  return { name: `${drill.csv}.csv`, data: toCsv([parentKey, rowKey(drill.property), ...drill.detailMetrics], tables.flat()) };
}

export async function exportZip(o: ExportOptions): Promise<{ name: string; data: Uint8Array }> {
  const { params } = o.query;
  const metrics: readonly Metric[] = TOP_METRICS;
  const tabs = allTabs(o.panels, await propKeys(o));
  const [totals, series] = await Promise.all([o.stats.aggregate(params, metrics, true), o.stats.timeseries(params, metrics, o.interval)]);
  const breakdowns = await inBatches(tabs.map((t) => () => o.stats.breakdown(params, t.property, t.detailMetrics, { limit: LIMIT })));
  const entries: ZipEntry[] = [
    { name: 'aggregate.csv', data: toCsv(['metric', 'value', 'change'], metrics.map((m) => [m, totals[m]?.value ?? '', totals[m]?.change ?? ''])) },
    { name: 'timeseries.csv', data: toCsv(['date', ...metrics], rowCells(series, ['date', ...metrics])) },
  ];
  for (const [i, tab] of tabs.entries()) {
    const keys = [rowKey(tab.property), ...tab.detailMetrics];
    entries.push({ name: `${tab.csv}.csv`, data: toCsv(keys, rowCells(breakdowns[i]!, keys)) });
  }
  for (const [i, tab] of tabs.entries()) {
    if (tab.drill) entries.push(await versions(o, tab, tab.drill, breakdowns[i]!));
  }
  const { from, to } = o.query.resolved;
  return { name: `lagom-${o.query.site}-${from}-${to}.zip`, data: zip(entries) };
}

export function download(name: string, data: Uint8Array, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

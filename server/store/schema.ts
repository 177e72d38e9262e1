// The live schema of the counter tables: what the migrations, applied in order, have built.
// Every column list in the code (rows, inserts, queries, rollup, export, the writer's merge
// key) is derived from here; the migrations never read it (migrations/index.ts), and
// test/integration/schema.test.ts proves that a migrated database matches it. A new category
// is one entry in DIMENSION_TYPES plus a migration that adds the column and extends the sort key.

type TextType = 'String' | 'LowCardinality(String)';
type NumberType = 'UInt32' | 'UInt64' | 'Int64';
type TimeType = "DateTime('UTC')" | 'Date';
export type ColumnType = TextType | NumberType | TimeType;

/** First in every counter table's sort key, and the shard key on a cluster (ddl.ts). */
const SITE = { site: 'LowCardinality(String)' } as const satisfies Record<string, TextType>;

/**
 * The coarse categories a counter is keyed by, in sort-key order after the site and the time.
 * Nothing here may single out a person (DESIGN.md): no IP, user agent or identifier.
 */
export const DIMENSION_TYPES = {
  name: 'LowCardinality(String)',
  path: 'String',
  hostname: 'LowCardinality(String)',
  entry_path: 'String',
  source: 'LowCardinality(String)',
  referrer: 'String',
  utm_source: 'String',
  utm_medium: 'String',
  utm_campaign: 'String',
  utm_content: 'String',
  utm_term: 'String',
  country: 'LowCardinality(String)',
  region: 'LowCardinality(String)',
  city: 'String',
  browser: 'LowCardinality(String)',
  browser_version: 'LowCardinality(String)',
  os: 'LowCardinality(String)',
  os_version: 'LowCardinality(String)',
  device: 'LowCardinality(String)',
  prop_key: 'String',
  prop_value: 'String',
  // a revenue event's ISO 4217 code, '' for every other row
  currency: 'LowCardinality(String)',
  // a pageview goal's id on the copy of a pageview that corrects the goal's visitors (goal_fix), '' for every other row
  goal: 'LowCardinality(String)',
} as const satisfies Record<string, TextType>;

/** The numbers, summed by the engine when rows with equal keys merge; bounces and exits are signed deltas. */
export const METRIC_TYPES = {
  events: 'UInt64',
  pageviews: 'UInt64',
  visitors: 'UInt64',
  page_visitors: 'UInt64',
  goal_visitors: 'UInt64',
  visits: 'UInt64',
  bounces: 'Int64',
  exits: 'Int64',
  duration_ms: 'UInt64',
  engaged_ms: 'UInt64',
  scroll_sum: 'UInt64',
  scroll_n: 'UInt64',
  // The visits that include this row's key (a page, a custom event), their bounces (a signed
  // delta) and their duration: visit metrics under a page or goal filter (docs/privacy.md).
  key_visits: 'UInt64',
  key_bounces: 'Int64',
  key_duration_ms: 'UInt64',
  // Revenue in thousandths of the row's currency, and the events that carried an amount.
  revenue_milli: 'Int64',
  revenue_n: 'UInt64',
  // The time from a pageview to the visit's next one, booked on the page it was spent on, and
  // how many such gaps: time on page without engagement events (Plausible's legacy definition).
  gap_ms: 'UInt64',
  gap_n: 'UInt64',
  // Pageview goals: how the goal's visitors differ from the page's on this pageview (-1: the
  // visitor converted on the goal today already, on another page), on a row marked with `goal`.
  goal_fix: 'Int64',
} as const satisfies Record<string, NumberType>;

export type Dimension = keyof typeof DIMENSION_TYPES;
export type MetricColumn = keyof typeof METRIC_TYPES;

const keys = <K extends string>(o: Record<K, unknown>) => Object.keys(o) as K[];

/** The categories, without site and time. */
export const DIMENSIONS: readonly Dimension[] = keys(DIMENSION_TYPES);
export const METRIC_COLUMNS: readonly MetricColumn[] = keys(METRIC_TYPES);
/** A counter's key without its time: what the rollup and the Stats API group and read by. */
export const GROUP_COLUMNS: readonly ('site' | Dimension)[] = ['site', ...DIMENSIONS];

/** One counter row: coarse categories and numbers, never anything that identifies a person. */
export type CounterRow = {
  site: string;
  /** start of the UTC hour, seconds since the epoch */
  hour: number;
} & { [D in Dimension]: string } & { [M in MetricColumn]: number };

export interface RecentRow {
  site: string;
  /** start of the UTC minute, seconds since the epoch */
  minute: number;
  slot_visitors: number;
}

/** Every metric at zero: the start of a row that counts one thing. */
export const ZERO_METRICS: Readonly<{ [M in MetricColumn]: 0 }> = Object.fromEntries(METRIC_COLUMNS.map((m) => [m, 0])) as {
  [M in MetricColumn]: 0;
};

/**
 * A row with every category empty and every metric zero, for fixtures (tests, benchmarks).
 * Ingest (rows.ts) names every category instead, so that a new one cannot be left empty there.
 */
export const ZERO_ROW: Readonly<CounterRow> = {
  site: '',
  hour: 0,
  ...(Object.fromEntries(DIMENSIONS.map((d) => [d, ''])) as { [D in Dimension]: string }),
  ...ZERO_METRICS,
};

export interface TableSchema<C extends string = string> {
  /** columns in table order */
  columns: ReadonlyArray<readonly [C, ColumnType]>;
  /** the sort key (ORDER BY): for a SummingMergeTree, the columns whose equal values are merged */
  orderBy: readonly C[];
}

const entries = <K extends string>(o: Record<K, ColumnType>) => Object.entries(o) as Array<[K, ColumnType]>;

/** A counter table: site, its time columns, the categories (all in the sort key), then the metrics. */
function counterTable<T extends string>(time: Record<T, ColumnType>): TableSchema<'site' | T | Dimension | MetricColumn> {
  const key = [...entries(SITE), ...entries(time), ...entries(DIMENSION_TYPES)];
  return { columns: [...key, ...entries(METRIC_TYPES)], orderBy: key.map(([name]) => name) };
}

export const COUNTER_TABLES = {
  counters_hourly: counterTable({ hour: "DateTime('UTC')" }),
  // days in the site's time zone; the generation is the rollup run that wrote the row (rollup.ts)
  counters_daily: counterTable({ day: 'Date', generation: 'UInt32' }),
  // five-minute activity for "current visitors"; rows expire after an hour
  counters_recent: {
    columns: [['site', 'LowCardinality(String)'], ['minute', "DateTime('UTC')"], ['slot_visitors', 'UInt64']],
    orderBy: ['site', 'minute'],
  } satisfies TableSchema<keyof RecentRow>,
} as const;
export type CounterTableName = keyof typeof COUNTER_TABLES;

/** Columns of a counter row as inserted into counters_hourly, in table order. */
export const COUNTER_COLUMNS: ReadonlyArray<keyof CounterRow> = COUNTER_TABLES.counters_hourly.columns.map(([name]) => name);
/** Rows with equal values here are one row to the engine: the writer adds them up in memory first. */
export const COUNTER_KEY: ReadonlyArray<keyof CounterRow> = COUNTER_TABLES.counters_hourly.orderBy;
export const RECENT_KEY = COUNTER_TABLES.counters_recent.orderBy;

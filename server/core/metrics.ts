import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The server's Prometheus metrics, one registry per server (no global state). Labels are small
 * fixed sets (drop reasons, statuses, route names): never a path, a site or an address.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lagom_' });
  const m = {
    registry,
    accepted: new Counter({ name: 'lagom_events_accepted_total', help: 'Events counted', registers: [registry] }),
    dropped: new Counter({ name: 'lagom_events_dropped_total', help: 'Events not counted, by reason', labelNames: ['reason'], registers: [registry] }),
    rejected: new Counter({ name: 'lagom_events_rejected_total', help: 'Event requests refused, by HTTP status', labelNames: ['status'], registers: [registry] }),
    batchRows: new Histogram({
      name: 'lagom_insert_batch_rows',
      help: 'Counter rows per insert',
      buckets: [1, 10, 100, 500, 1000, 5000, 10000, 50000],
      registers: [registry],
    }),
    insertSeconds: new Histogram({
      name: 'lagom_insert_duration_seconds',
      help: 'Time to insert one batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    insertFailures: new Counter({ name: 'lagom_insert_failures_total', help: 'Inserts the store refused', registers: [registry] }),
    spoolBatches: new Gauge({ name: 'lagom_spool_batches', help: 'Batches waiting in the spool', registers: [registry] }),
    spoolBytes: new Gauge({ name: 'lagom_spool_bytes', help: 'Bytes in the spool', registers: [registry] }),
    bufferedRows: new Gauge({ name: 'lagom_buffered_rows', help: 'Counter rows waiting in memory', registers: [registry] }),
    tasks: new Counter({ name: 'lagom_task_runs_total', help: 'Background task runs (rollup), by result', labelNames: ['task', 'result'], registers: [registry] }),
    http: new Histogram({
      name: 'lagom_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
  // The histogram's child per route and status, looked up once: this runs for every request.
  const children = new Map<string, ReturnType<typeof m.http.labels>>();
  const observeHttp = (route: string, status: number, seconds: number) => {
    const key = `${status} ${route}`;
    let child = children.get(key);
    if (!child) children.set(key, (child = m.http.labels(route, String(status))));
    child.observe(seconds);
  };
  return { ...m, observeHttp };
}

export type Metrics = ReturnType<typeof createMetrics>;

import { createServer, type RequestListener, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { todayIn } from '../protocol/periods.js';
import type { Config } from './core/config.js';
import { createMetrics, type Metrics } from './core/metrics.js';
import { AuthService } from './auth/service.js';
import { OidcLogin } from './auth/oidc.js';
import { People } from './auth/people.js';
import { createMailer } from './mail/mailer.js';
import { loadSealKey } from './auth/sealed.js';
import { TwoFactor } from './auth/two-factor.js';
import { newSetupToken, type SetupToken } from './auth/routes.js';
import { createHandler } from './http/app.js';
import { openGeo } from './ingest/geo.js';
import { createPipeline, type Pipeline } from './ingest/pipeline.js';
import { RateLimiter } from './ingest/rate-limit.js';
import { Spool } from './ingest/spool.js';
import { BatchWriter } from './ingest/writer.js';
import { SiteRegistry } from './sites/registry.js';
import { openStore, type Store } from './store/client.js';
import { insertBatch, type SerializedBatch } from './store/counters.js';
import { migrate } from './store/migrate.js';
import { records as makeRecords, type Records } from './store/records.js';
import { twoFactorRecords } from './store/two-factor.js';
import { rollup, type RollupReport } from './store/rollup.js';
import { startTasks } from './tasks.js';
import { auditLog, pruneAudit } from './auth/audit.js';

// The composition root: the one place that knows every part of the server. It builds them in
// the order each needs the one before (store, owner, sites, ingest, background tasks, the HTTP
// handler, the listening socket) and passes them in, so that no folder below imports one above
// it (docs/architecture.md, "Folders and their direction").

/** The rollup with the owner's schedule (used by the server's task and by `lagom rollup`). */
export async function runRollup(store: Store, records: Records, config: Config): Promise<RollupReport> {
  return rollup(store, await records.listSites(), {
    hourlyDays: config.hourlyDays,
    retentionDays: config.retentionDays,
    today: (tz) => todayIn(tz),
  });
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  writer: BatchWriter;
  pipeline: Pipeline;
  spool: Spool;
  http: Server;
  /** the one-time owner setup link, when no owner exists yet */
  setupUrl?: string;
  close(): Promise<void>;
}

// The same module runs from server/ (tests, via TypeScript) and from dist/server/ (npm start).
const root = new URL(import.meta.url.includes('/dist/server/') ? '../../' : '../', import.meta.url);
const publicDir = fileURLToPath(new URL('dist/public/', root));

export interface StartOptions {
  logger?: Logger;
  /** wraps the store's insert; fault tests use it to make the store fail */
  wrapInsert?: (insert: (batch: SerializedBatch) => Promise<void>) => (batch: SerializedBatch) => Promise<void>;
}

/**
 * The owner account on a first start: created from LAGOM_ADMIN_EMAIL and LAGOM_ADMIN_PASSWORD
 * when they are set, otherwise a one-time setup token for the link the console prints.
 */
async function bootstrapOwner(
  config: Config,
  deps: { records: Records; auth: AuthService; logger: Logger },
): Promise<SetupToken> {
  const setup: SetupToken = { value: undefined };
  if ((await deps.records.countUsers()) !== 0) return setup;
  if (config.adminEmail && config.adminPassword) {
    await deps.auth.createOwner(config.adminEmail.toLowerCase(), config.adminPassword);
    deps.logger.info('owner account created from LAGOM_ADMIN_EMAIL');
  } else {
    setup.value = newSetupToken();
  }
  return setup;
}

interface Ingest {
  spool: Spool;
  metrics: Metrics;
  writer: BatchWriter;
  pipeline: Pipeline;
  rateLimiter: RateLimiter;
}

/** The event path's parts: the spool the writer falls back on, the writer, pipeline and limiter. */
async function assembleIngest(
  config: Config,
  deps: { store: Store; sites: SiteRegistry; logger: Logger; wrapInsert?: StartOptions['wrapInsert'] },
): Promise<Ingest> {
  const { store, sites, logger, wrapInsert } = deps;
  const spool = new Spool(join(config.dataDir, 'spool'), config.spoolMaxBytes, logger);
  await spool.open();
  const metrics = createMetrics();
  const insert = (batch: SerializedBatch) => insertBatch(store, batch);
  const writer = new BatchWriter({
    batchSize: config.batchSize,
    intervalMs: config.flushIntervalMs,
    maxBufferRows: config.maxBufferRows,
    insert: wrapInsert ? wrapInsert(insert) : insert,
    spool,
    logger,
    metrics,
  });
  const geo = await openGeo({ cityDb: config.geoipDb });
  const pipeline = createPipeline({ sites, geo });
  const rateLimiter = new RateLimiter(config.rateLimitPerMinute);
  return { spool, metrics, writer, pipeline, rateLimiter };
}

/** Background work on its schedule: the rollup, each run counted in /metrics. */
function startBackground(config: Config, deps: { store: Store; records: Records; logger: Logger; metrics: Metrics }) {
  const { store, records, logger, metrics } = deps;
  return startTasks(
    [
      {
        name: 'rollup',
        everyMs: config.rollupIntervalMs,
        firstAfterMs: 60_000,
        run: () => runRollup(store, records, config),
      },
      {
        // The owner's retention is a setting, which a table TTL cannot read: old entries are deleted here.
        name: 'audit-retention',
        everyMs: 6 * 3600_000,
        firstAfterMs: 5 * 60_000,
        run: () => pruneAudit(records),
      },
    ],
    logger,
    (task, ok) => metrics.tasks.inc({ task, result: ok ? 'ok' : 'error' }),
  );
}

/** The node:http server on the configured address; `local` is its URL on this machine. */
async function listen(config: Config, handler: RequestListener): Promise<{ http: Server; port: number; local: string }> {
  // Slow clients (headers or bodies trickled byte by byte) are cut off; the check runs every
  // second rather than Node's default 30 s, so they cannot pile up connections meanwhile.
  const http = createServer(
    {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: Math.max(config.requestTimeoutMs, config.headersTimeoutMs),
      connectionsCheckingInterval: 1000,
      keepAliveTimeout: 5000,
      maxHeaderSize: 16 * 1024,
    },
    handler,
  );
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, resolve);
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const local = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  return { http, port, local };
}

/** Stops taking requests, then the background work; the writer flushes before the store closes. */
async function shutdown(parts: {
  http: Server;
  sites: SiteRegistry;
  tasks: { stop(): Promise<void> };
  writer: BatchWriter;
  store: Store;
}): Promise<void> {
  const { http, sites, tasks, writer, store } = parts;
  await new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeAllConnections();
  sites.stop();
  await tasks.stop();
  try {
    await writer.close();
  } finally {
    await store.close();
  }
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const store = await openStore(config);
  try {
    const applied = await migrate(store);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const records = makeRecords(store);
    const twoFactor = new TwoFactor(twoFactorRecords(store), records, loadSealKey(config.dataDir, config.twoFactorKey));
    const auth = await AuthService.create(records, { publicUrl: config.publicUrl, trustProxy: config.trustProxy, twoFactor });
    const setup = await bootstrapOwner(config, { records, auth, logger });
    const oidc = config.oidc && (await OidcLogin.create(config.oidc, { records, auth, logger }));
    const mailer = config.mail && createMailer(config.mail.smtpUrl, config.mail.from);
    const people = new People({ records, auth, logger, mailer });
    const sites = new SiteRegistry(records, logger);
    await sites.start();
    const ingest = await assembleIngest(config, { store, sites, logger, wrapInsert: options.wrapInsert });
    const tasks = startBackground(config, { store, records, logger, metrics: ingest.metrics });
    const handler = createHandler({
      ...ingest, store, records, sites, auth, people, logger, setup, publicDir, oidc,
      passwordLogin: config.passwordLogin,
      audit: auditLog(records),
      trustProxy: config.trustProxy,
      publicUrl: config.publicUrl,
      readySpoolBatches: config.readySpoolBatches,
      metricsToken: config.metricsToken,
      retention: { hourlyDays: config.hourlyDays, retentionDays: config.retentionDays },
      location: config.geoipDb ? 'city' : 'country',
    });
    const { http, port, local } = await listen(config, handler);
    const url = config.publicUrl ?? local;
    const { writer, pipeline, spool } = ingest;
    return {
      url: local,
      port,
      store,
      writer,
      pipeline,
      spool,
      http,
      setupUrl: setup.value ? `${url}/setup?token=${setup.value}` : undefined,
      close: () => shutdown({ http, sites, tasks, writer, store }).finally(() => mailer?.close()),
    };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
}

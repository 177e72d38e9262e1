import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { AuthService } from './auth/service.js';
import { newSetupToken, type SetupToken } from './auth/routes.js';
import { createHandler } from './http/app.js';
import { createPipeline, type Pipeline } from './ingest/pipeline.js';
import { openGeo } from './ingest/geo.js';
import { RateLimiter } from './ingest/rate-limit.js';
import { Spool } from './ingest/spool.js';
import { join } from 'node:path';
import { BatchWriter } from './ingest/writer.js';
import { SiteRegistry } from './sites.js';
import { openStore, type Store } from './store/client.js';
import { insertBatch, type SerializedBatch } from './store/counters.js';
import { migrate } from './store/migrate.js';
import { records as makeRecords, type Records } from './store/records.js';
import { rollup, type RollupReport } from './store/rollup.js';
import { todayIn } from '../protocol/periods.js';
import { startTasks } from './tasks.js';
import { createMetrics } from './metrics.js';

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

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const store = await openStore(config);
  try {
    const applied = await migrate(store);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const records = makeRecords(store);
    const auth = await AuthService.create(records, { publicUrl: config.publicUrl, trustProxy: config.trustProxy });
    const setup: SetupToken = { value: undefined };
    if ((await records.countUsers()) === 0) {
      if (config.adminEmail && config.adminPassword) {
        await auth.createOwner(config.adminEmail.toLowerCase(), config.adminPassword);
        logger.info('owner account created from LAGOM_ADMIN_EMAIL');
      } else {
        setup.value = newSetupToken();
      }
    }
    const sites = new SiteRegistry(records, logger);
    await sites.start();
    const spool = new Spool(join(config.dataDir, 'spool'), config.spoolMaxBytes, logger);
    await spool.open();
    const metrics = createMetrics();
    const insert = (batch: SerializedBatch) => insertBatch(store, batch);
    const writer = new BatchWriter({
      batchSize: config.batchSize,
      intervalMs: config.flushIntervalMs,
      maxBufferRows: config.maxBufferRows,
      insert: options.wrapInsert ? options.wrapInsert(insert) : insert,
      spool,
      logger,
      metrics,
    });
    const geo = await openGeo({ cityDb: config.geoipDb });
    const pipeline = createPipeline({ sites, geo });
    const rateLimiter = new RateLimiter(config.rateLimitPerMinute);
    const tasks = startTasks(
      [
        {
          name: 'rollup',
          everyMs: config.rollupIntervalMs,
          firstAfterMs: 60_000,
          run: () => runRollup(store, records, config),
        },
      ],
      logger,
      (task, ok) => metrics.tasks.inc({ task, result: ok ? 'ok' : 'error' }),
    );
    const handler = createHandler({
      store, records, sites, auth, pipeline, writer, logger, setup, publicDir, rateLimiter, metrics, spool,
      trustProxy: config.trustProxy,
      readySpoolBatches: config.readySpoolBatches,
      metricsToken: config.metricsToken,
    });
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
    const url = config.publicUrl ?? local;
    return {
      url: local,
      port,
      store,
      writer,
      pipeline,
      spool,
      http,
      setupUrl: setup.value ? `${url}/setup?token=${setup.value}` : undefined,
      async close() {
        await new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeAllConnections();
        sites.stop();
        await tasks.stop();
        try {
          await writer.close();
        } finally {
          await store.close();
        }
      },
    };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
}

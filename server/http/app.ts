import Koa from 'koa';
import { join } from 'node:path';
import Router from '@koa/router';
import type { Logger } from 'pino';
import { LagomError, notFound } from '../core/errors.js';
import { answerError } from './error-answer.js';
import { authRoutes, requireReader, type SetupToken, type SignInWays } from '../auth/routes.js';
import { oidcRoutes } from '../auth/oidc-routes.js';
import type { OidcLogin } from '../auth/oidc.js';
import { allow } from '../auth/access.js';
import type { People } from '../auth/people.js';
import { peopleRoutes } from '../auth/people-routes.js';
import { shareRoutes } from './share-routes.js';
import type { AuthService } from '../auth/service.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pipeline } from '../ingest/pipeline.js';
import type { BatchWriter } from '../ingest/writer.js';
import type { RateLimiter } from '../ingest/rate-limit.js';
import type { Spool } from '../ingest/spool.js';
import type { Metrics } from '../core/metrics.js';
import { ingestHandler, isEventRequest } from './event-handler.js';
import type { SiteRegistry } from '../sites/registry.js';
import type { RetentionConfig } from '../sites/privacy-text.js';
import { statsRoutes } from '../stats/routes.js';
import type { Store } from '../store/client.js';
import type { Records } from '../store/records.js';
import { goalsRoutes } from './goals-routes.js';
import { privacyTextRoutes } from './privacy-text-routes.js';
import { siteScriptRoutes } from './site-script-routes.js';
import { sitesRoutes } from './sites-routes.js';
import { auditRoutes } from './audit-routes.js';
import type { Audit } from '../auth/audit.js';
import { SiteScripts } from '../sites/script.js';
import { compress } from './compress.js';
import { TRACKER_FILE, loadAssets, staticRoutes } from './static.js';

export interface AppDeps extends Omit<SignInWays, 'mailConfigured'> {
  /** single sign-on, when LAGOM_OIDC_ISSUER is set */
  oidc?: OidcLogin;
  store: Store;
  records: Records;
  sites: SiteRegistry;
  auth: AuthService;
  /** invitations, role changes, removals, password reset by mail */
  people: People;
  /** writes the audit log (server/auth/audit.ts) */
  audit: Audit;
  pipeline: Pipeline;
  writer: BatchWriter;
  logger: Logger;
  setup: SetupToken;
  publicDir: string;
  /** LAGOM_PUBLIC_URL: the origin the install snippet names (else the request's own) */
  publicUrl?: string;
  rateLimiter: RateLimiter;
  trustProxy: number;
  metrics: Metrics;
  spool: Spool;
  /** /readyz fails when more batches than this wait in the spool */
  readySpoolBatches: number;
  /** when set, /metrics wants `Authorization: Bearer <token>` */
  metricsToken?: string;
  /** LAGOM_HOURLY_DAYS and LAGOM_RETENTION_DAYS, which the privacy text states */
  retention: RetentionConfig;
  /** 'city' with an owner's location database (LAGOM_GEOIP_DB), which the privacy text states */
  location: 'country' | 'city';
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The matched route's pattern (`/api/auth/reset/:token`), never the path itself. */
const routeOf = (ctx: Koa.Context): string => String((ctx as { _matchedRoute?: unknown })._matchedRoute ?? 'unmatched');

export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  const { logger } = deps;
  // One proxy setting for every route: with LAGOM_TRUST_PROXY, Koa takes the scheme and host
  // from X-Forwarded-Proto and X-Forwarded-Host, so ctx.secure and same-origin checks see the
  // https address people use. The client's address is always clientIp()'s (core/client-ip.ts,
  // which also reads Forwarded), never Koa's ctx.ip; maxIpsCount only keeps the two alike.
  app.proxy = deps.trustProxy > 0;
  app.maxIpsCount = deps.trustProxy;

  // One JSON error shape; the message is shown only when it is meant for the client.
  app.use(async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } catch (err) {
      answerError(ctx, err);
      // The route pattern, not the path: a path can hold a one-time link's token.
      if (ctx.status >= 500) logger.error({ err, route: routeOf(ctx) }, 'request failed');
    } finally {
      const seconds = (performance.now() - started) / 1000;
      // A bounded label: the route pattern, never the path itself.
      const route = routeOf(ctx);
      deps.metrics.observeHttp(route, ctx.status, seconds);
      // Never the IP, the user agent or the query string: method, route, status and timing only.
      logger.info({ method: ctx.method, route, status: ctx.status, ms: Math.round(seconds * 1000) }, 'request');
    }
  });

  // Inside the error handler, so that a failure to compress is answered like any other error;
  // error answers themselves are a few dozen bytes, below the threshold anyway.
  app.use(compress());

  app.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    // Documents get the page policies; the tracker's scripts, loaded by other sites, do not.
    if (!TRACKER_FILE.test(ctx.path) && !ctx.path.startsWith('/js/')) {
      ctx.set('Content-Security-Policy', CSP);
      ctx.set('X-Frame-Options', 'DENY');
    }
    await next();
  });

  const open = new Router();
  open.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  open.get('/readyz', async (ctx) => {
    const ping = await deps.store.client.ping();
    const backlog = deps.spool.pending > deps.readySpoolBatches;
    ctx.status = ping.success && !backlog ? 200 : 503;
    ctx.body = {
      status: !ping.success ? 'store unreachable' : backlog ? 'spool backlog' : 'ready',
      spool_batches: deps.spool.pending,
    };
  });
  open.get('/metrics', async (ctx) => {
    if (deps.metricsToken && ctx.get('authorization') !== `Bearer ${deps.metricsToken}`) {
      throw new LagomError(401, 'unauthorized', 'Send "Authorization: Bearer <LAGOM_METRICS_TOKEN>"');
    }
    const { metrics, spool, writer } = deps;
    metrics.spoolBatches.set(spool.pending);
    metrics.spoolBytes.set(spool.bytes);
    metrics.bufferedRows.set(writer.pending);
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  authRoutes(open, { ...deps, mailConfigured: deps.people.mailConfigured });
  oidcRoutes(open, deps);
  peopleRoutes(open, deps);
  staticRoutes(open, loadAssets(deps.publicDir));
  const scripts = new SiteScripts(join(deps.publicDir, 'site'));
  siteScriptRoutes(open, { sites: deps.sites, scripts });

  shareRoutes(open, deps);
  auditRoutes(open, deps);

  const owner = new Router();
  owner.use('/api/v1/stats', requireReader(deps.auth, deps.records, deps.sites));
  // Every Sites API route reads at least; each write checks its own action (auth/access.ts).
  owner.use('/api/v1/sites', allow(deps.auth, 'read'));
  // Before the Sites API's /api/v1/sites/:domain, which would take "goals" for a domain.
  goalsRoutes(owner, deps);
  privacyTextRoutes(owner, deps);
  sitesRoutes(owner, { ...deps, scripts });
  statsRoutes(owner, deps);

  app.use(open.routes());
  app.use(owner.routes());
  // No route answered: the same error path as every other failure.
  app.use(async (ctx) => {
    if (ctx.status === 404 && ctx.body === undefined) throw notFound(`Not found: ${ctx.method} ${ctx.path}`);
  });
  return app;
}

/**
 * The server's request listener: `/api/event` goes to the ingest handler on Node's own request
 * and response (the hot path, spared Koa's per-request work), everything else to the Koa app.
 */
export function createHandler(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const koa = createApp(deps).callback();
  const ingest = ingestHandler({
    ...deps,
    onError: (err) => deps.logger.error({ err, path: '/api/event' }, 'request failed'),
  });
  return (req, res) => {
    if (isEventRequest(req)) ingest(req, res);
    else void koa(req, res);
  };
}

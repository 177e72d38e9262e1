import type { Context, Middleware } from 'koa';
import { LagomError } from '../errors.js';
import { readText } from '../http/body.js';
import { clientIp } from '../http/client-ip.js';
import { MAX_BODY_BYTES } from './decode.js';
import { HINT_HEADERS } from './enrich.js';
import type { Pipeline } from './pipeline.js';
import type { RateLimiter } from './rate-limit.js';
import type { BatchWriter } from './writer.js';
import type { Metrics } from '../metrics.js';

export const EVENT_PATH = '/api/event';

function hints(ctx: Context): Record<string, string> {
  const out: Record<string, string> = {};
  const headers = ctx.req.headers;
  for (const h of HINT_HEADERS) {
    const v = headers[h];
    if (typeof v === 'string' && v) out[h] = v.slice(0, 500);
  }
  return out;
}

const tooLarge = () => new LagomError(400, 'body_too_large', `Invalid event: the body is larger than ${MAX_BODY_BYTES} bytes`);

/**
 * `POST /api/event`, the hot path. A middleware of its own, ahead of the routers and the
 * dashboard's headers, because it is most of the traffic: decode, enrich in memory, hand the
 * rows to the writer, answer 202.
 */
export function ingestMiddleware(deps: {
  pipeline: Pipeline;
  writer: BatchWriter;
  rateLimiter: RateLimiter;
  trustProxy: number;
  metrics: Metrics;
}): Middleware {
  const { metrics } = deps;
  const handle = ingest(deps);
  return async (ctx, next) => {
    if (ctx.path !== EVENT_PATH) return next();
    try {
      await handle(ctx);
    } catch (err) {
      metrics.rejected.inc({ status: String((err as { status?: number }).status ?? 500) });
      throw err;
    }
  };
}

type IngestDeps = Parameters<typeof ingestMiddleware>[0];

function ingest(deps: IngestDeps) {
  const { pipeline, writer, rateLimiter, trustProxy, metrics } = deps;
  return async (ctx: Context) => {
    // The tracker posts text/plain so browsers send no CORS preflight; any origin may post.
    ctx.set('Access-Control-Allow-Origin', '*');
    if (ctx.method === 'OPTIONS') {
      ctx.set('Access-Control-Allow-Methods', 'POST');
      ctx.set('Access-Control-Allow-Headers', 'Content-Type');
      ctx.set('Access-Control-Max-Age', '86400');
      ctx.status = 204;
      return;
    }
    if (ctx.method !== 'POST') {
      ctx.set('Allow', 'POST, OPTIONS');
      throw new LagomError(405, 'method_not_allowed', 'Send events with POST');
    }
    if (!ctx.is('text/plain', 'application/json')) {
      throw new LagomError(415, 'unsupported_media_type', 'Send the event as text/plain or application/json');
    }
    // The address stays in this function's memory: rate limit and country look-up, then gone.
    const ip = clientIp(ctx.req, trustProxy);
    rateLimiter.check(ip);
    const body = await readText(ctx, MAX_BODY_BYTES, tooLarge);
    const result = pipeline.process({
      body,
      userAgent: ctx.req.headers['user-agent'] ?? '',
      hints: hints(ctx),
      ip,
      gpc: ctx.req.headers['sec-gpc'] === '1',
      now: Math.floor(Date.now() / 1000),
    });
    if (result.ok) {
      writer.append(result.batch);
      metrics.accepted.inc();
    } else {
      // Dropped events are answered like counted ones; the reason helps site owners debug.
      ctx.set('X-Lagom-Dropped', result.reason);
      metrics.dropped.inc({ reason: result.reason });
    }
    ctx.status = 202;
    ctx.body = '';
  };
}

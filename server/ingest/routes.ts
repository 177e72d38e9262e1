import type Router from '@koa/router';
import type { Context } from 'koa';
import { LagomError } from '../errors.js';
import { readText } from '../http/body.js';
import { MAX_BODY_BYTES } from './decode.js';
import type { Pipeline } from './pipeline.js';
import type { BatchWriter } from './writer.js';
import { HINT_HEADERS } from './enrich.js';
import type { RateLimiter } from './rate-limit.js';
import { clientIp } from '../http/client-ip.js';

function hints(ctx: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of HINT_HEADERS) {
    const v = ctx.get(h);
    if (v) out[h] = v.slice(0, 500);
  }
  return out;
}

// The tracker posts text/plain so browsers send no CORS preflight; any origin may post.
function cors(ctx: Context): void {
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Allow-Methods', 'POST');
  ctx.set('Access-Control-Allow-Headers', 'Content-Type');
  ctx.set('Access-Control-Max-Age', '86400');
}

export function ingestRoutes(
  router: Router,
  deps: { pipeline: Pipeline; writer: BatchWriter; rateLimiter: RateLimiter; trustProxy: number },
): void {
  const { pipeline, writer, rateLimiter, trustProxy } = deps;

  router.all('/api/event', async (ctx) => {
    cors(ctx);
    if (ctx.method === 'OPTIONS') {
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
    const body = await readText(ctx, MAX_BODY_BYTES, () =>
      new LagomError(400, 'body_too_large', `Invalid event: the body is larger than ${MAX_BODY_BYTES} bytes`),
    );
    const result = await pipeline.process({
      body,
      userAgent: ctx.get('user-agent'),
      hints: hints(ctx),
      ip,
      gpc: ctx.get('sec-gpc') === '1',
      now: Math.floor(Date.now() / 1000),
    });
    if (result.ok) writer.append(result.batch);
    // Dropped events are still "accepted": telling a bot or a refusing browser apart from a
    // counted visitor would leak nothing useful to them, but the reason helps site owners debug.
    else ctx.set('X-Lagom-Dropped', result.reason);
    ctx.status = 202;
    ctx.body = '';
  });
}

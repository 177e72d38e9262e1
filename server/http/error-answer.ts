import type { Context } from 'koa';
import { errorResponse } from './error-response.js';

// Headers that every answer carries, an error's too: the security policies (app.ts sets them
// before any route runs), Vary, and a CORS grant, without which a cross-origin caller cannot
// read the error.
const KEPT = new Set([
  'x-content-type-options', 'referrer-policy', 'content-security-policy', 'x-frame-options',
  'vary', 'access-control-allow-origin', 'cross-origin-resource-policy',
]);

/**
 * Answers an error as Koa's own onerror does: the failed handler's headers go (a CSV export's
 * Content-Type and Content-Disposition, an ETag, a cookie), then the error's own are set, and
 * the body is the server's one JSON shape.
 */
export function answerError(ctx: Context, err: unknown): void {
  const answer = errorResponse(err);
  for (const name of ctx.res.getHeaderNames()) if (!KEPT.has(name)) ctx.res.removeHeader(name);
  ctx.set(answer.headers);
  ctx.status = answer.status;
  ctx.body = answer.body;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LagomError } from '../core/errors.js';
import { errorResponse } from './error-response.js';
import { readText } from '../core/body.js';
import { clientIp } from '../core/client-ip.js';
import { MAX_BODY_BYTES } from '../ingest/decode.js';
import { HINT_HEADERS } from '../ingest/enrich.js';
import type { Pipeline } from '../ingest/pipeline.js';
import type { RateLimiter } from '../ingest/rate-limit.js';
import type { BatchWriter } from '../ingest/writer.js';
import type { Metrics } from '../core/metrics.js';

export const EVENT_PATH = '/api/event';

function hints(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const headers = req.headers;
  for (const h of HINT_HEADERS) {
    const v = headers[h];
    if (typeof v === 'string' && v) out[h] = v.slice(0, 500);
  }
  return out;
}

const tooLarge = () => new LagomError(413, 'body_too_large', `Invalid event: the body is larger than ${MAX_BODY_BYTES} bytes`);

/** text/plain (what the tracker sends: no CORS preflight) or application/json, any parameters. */
function acceptedType(header: string | undefined): boolean {
  const type = (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return type === 'text/plain' || type === 'application/json';
}

export interface IngestDeps {
  pipeline: Pipeline;
  writer: BatchWriter;
  rateLimiter: RateLimiter;
  trustProxy: number;
  metrics: Metrics;
}

/** The request's path is the collector's, with or without a query string. */
export function isEventRequest(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return url === EVENT_PATH || (url.startsWith(EVENT_PATH) && url[EVENT_PATH.length] === '?');
}

/**
 * `POST /api/event`, the hot path, answered on Node's request and response without Koa: it is
 * most of the traffic and needs none of Koa's context, so it is spared that work. Decode,
 * enrich in memory, hand the rows to the writer, answer 202. Errors go through the same
 * errorResponse as the Koa app's: `{"error": message, "code": code}` with the error's own
 * headers (Allow, Retry-After) and CORS, so that a page's script can read why.
 */
export function ingestHandler(deps: IngestDeps & { onError(err: unknown): void }) {
  const { pipeline, writer, rateLimiter, trustProxy, metrics } = deps;
  const observe = (status: number, started: number) => metrics.observeHttp(EVENT_PATH, status, (performance.now() - started) / 1000);

  const accept = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '86400',
      });
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      throw new LagomError(405, 'method_not_allowed', 'Send events with POST', { headers: { Allow: 'POST, OPTIONS' } });
    }
    if (!acceptedType(req.headers['content-type'])) {
      throw new LagomError(415, 'unsupported_media_type', 'Send the event as text/plain or application/json');
    }
    // The address stays in this function's memory: rate limit and country look-up, then gone.
    const ip = clientIp(req, trustProxy);
    rateLimiter.check(ip);
    const body = await readText(req, MAX_BODY_BYTES, tooLarge);
    const result = pipeline.process({
      body,
      userAgent: req.headers['user-agent'] ?? '',
      hints: hints(req),
      ip,
      gpc: req.headers['sec-gpc'] === '1',
      now: Math.floor(Date.now() / 1000),
    });
    // The tracker posts text/plain so browsers send no CORS preflight; any origin may post.
    const headers: Record<string, string> = { 'Access-Control-Allow-Origin': '*', 'Content-Length': '0' };
    if (result.ok) {
      writer.append(result.batch);
      metrics.accepted.inc();
    } else {
      // Dropped events are answered like counted ones; the reason helps site owners debug.
      headers['X-Lagom-Dropped'] = result.reason;
      metrics.dropped.inc({ reason: result.reason });
    }
    res.writeHead(202, headers);
    res.end();
  };

  const fail = (res: ServerResponse, err: unknown) => {
    const { status, body: answer, headers } = errorResponse(err);
    metrics.rejected.inc({ status: String(status) });
    if (!(err instanceof LagomError)) deps.onError(err);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify(answer);
    res.writeHead(status, {
      ...headers,
      'Access-Control-Allow-Origin': '*',
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    accept(req, res).then(
      () => observe(res.statusCode, started),
      (err: unknown) => {
        fail(res, err);
        observe(res.statusCode, started);
      },
    );
  };
}

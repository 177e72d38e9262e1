import type { Context, Middleware } from 'koa';
import { Stream } from 'node:stream';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** The content codings Lagom sends, best first: brotli is smaller than gzip for the same text. */
export type Coding = 'br' | 'gzip';

/**
 * The coding to answer in, of `offered` (best first), for a request's Accept-Encoding: the one
 * with the highest q, a tie going to the earlier one; `identity` when none is acceptable or
 * the client ranks identity higher. Not ctx.acceptsEncodings(): that breaks ties by the
 * client's order, and browsers send "gzip, deflate, br", which would mean gzip for all of them.
 */
export function chooseEncoding(header: string | undefined, offered: readonly Coding[]): Coding | 'identity' {
  if (!header) return 'identity';
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!token) continue;
    const given = params.find((p) => p.startsWith('q='));
    const value = given === undefined ? 1 : Number(given.slice(2));
    q.set(token, Number.isFinite(value) ? value : 0);
  }
  const star = q.get('*');
  let best: Coding | 'identity' = 'identity';
  let bestQ = 0;
  for (const coding of offered) {
    const value = q.get(coding) ?? star ?? 0;
    if (value > bestQ) [best, bestQ] = [coding, value];
  }
  // Identity is acceptable unless refused; it wins only when the client ranks it above the rest.
  const identity = q.get('identity') ?? star;
  return identity !== undefined && identity > bestQ ? 'identity' : best;
}

export interface CompressOptions {
  /** bytes below which an answer goes out as it is; default 1024 */
  threshold?: number;
  /** gzip level, 1–9; default 6 */
  gzipLevel?: number;
  /** brotli quality, 0–11; default 4 */
  brotliQuality?: number;
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`compress: ${name} must be an integer from ${min} to ${max}, not ${value}`);
  }
  return value;
}

/** The body Koa would write, as bytes, when it is text or JSON already in memory (not a stream). */
function bodyBytes(ctx: Context): Buffer | undefined {
  const body: unknown = ctx.body;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (body === null || typeof body !== 'object') return undefined;
  if (body instanceof Stream || body instanceof ReadableStream || body instanceof Blob || body instanceof Response) {
    return undefined;
  }
  // What Koa's respond() would write for an object body.
  return Buffer.from(JSON.stringify(body));
}

/**
 * Compresses JSON and CSV answers of `threshold` bytes or more by Accept-Encoding, in memory.
 * Brotli at quality 4 and gzip at 6 because this runs per request: the top settings buy a few
 * per cent for many times the CPU, which only the build (scripts/precompress.mjs) can afford.
 * Answers below the threshold go out as they are: a few hundred bytes fit in one packet anyway.
 */
export function compress(options: CompressOptions = {}): Middleware {
  const threshold = checkInteger('threshold', options.threshold ?? 1024, 0, Number.MAX_SAFE_INTEGER);
  const gzipLevel = checkInteger('gzipLevel', options.gzipLevel ?? 6, 1, 9);
  const brotliQuality = checkInteger('brotliQuality', options.brotliQuality ?? 4, 0, 11);

  const encode = (coding: Coding, bytes: Buffer) =>
    new Promise<Buffer>((resolve, reject) => {
      const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
      if (coding === 'gzip') gzip(bytes, { level: gzipLevel }, done);
      else {
        brotliCompress(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: brotliQuality,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }, done);
      }
    });

  return async (ctx, next) => {
    await next();
    if (ctx.method === 'HEAD' || ctx.status === 204 || ctx.status === 304) return;
    // Already encoded (the precompressed static files), or tagged: an ETag names one
    // representation, and compressing here would give two bodies the same tag.
    if (ctx.response.get('Content-Encoding') || ctx.response.get('ETag')) return;
    if (!ctx.response.is('json', 'text/csv')) return;
    const bytes = bodyBytes(ctx);
    if (!bytes) return;
    // The Content-Type stays: Koa sets one for a Buffer only when there is none. Handing Koa the
    // bytes spares it serialising an object body a second time.
    ctx.body = bytes;
    if (bytes.length < threshold) return;
    ctx.vary('Accept-Encoding');
    const coding = chooseEncoding(ctx.get('accept-encoding'), ['br', 'gzip']);
    if (coding === 'identity') return;
    ctx.body = await encode(coding, bytes);
    ctx.set('Content-Encoding', coding);
  };
}

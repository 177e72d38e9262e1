import type Router from '@koa/router';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { LagomError } from '../core/errors.js';
import { chooseEncoding, type Coding } from './compress.js';

export interface Variant {
  body: Buffer;
  etag: string;
}

export interface Asset {
  type: string;
  identity: Variant;
  /** the precompressed forms the build wrote, best first (the order chooseEncoding prefers) */
  encoded: Map<Coding, Variant>;
}

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** What scripts/precompress.mjs writes next to a file, best first. */
const PRECOMPRESSED: ReadonlyArray<{ coding: Coding; suffix: string; decode: (b: Buffer) => Buffer }> = [
  { coding: 'br', suffix: '.br', decode: brotliDecompressSync },
  { coding: 'gzip', suffix: '.gz', decode: gunzipSync },
];

/**
 * The built tracker and dashboard, read once into memory. Only files that exist in the build
 * folder are ever served, so no request path reaches the file system. A file's `.br` and `.gz`
 * (scripts/precompress.mjs) are not files of their own but its encoded forms, each with its own
 * ETag: a 304 vouches for the bytes the client holds, and those differ by encoding.
 */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) return assets;
  for (const name of readdirSync(dir)) {
    // `.br` and `.gz` have no type, so they are never a route.
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    const tag = createHash('sha256').update(body).digest('base64url').slice(0, 22);
    const encoded = new Map<Coding, Variant>();
    for (const { coding, suffix, decode } of PRECOMPRESSED) {
      const path = join(dir, name + suffix);
      if (!existsSync(path)) continue;
      const packed = readFileSync(path);
      // A leftover of an older build would send other code than the file: serve the file as it is.
      if (!decode(packed).equals(body)) continue;
      encoded.set(coding, { body: packed, etag: `"${tag}-${suffix.slice(1)}"` });
    }
    assets.set(`/${name}`, { type, identity: { body, etag: `"${tag}"` }, encoded });
  }
  return assets;
}

/** If-None-Match holds this ETag (weak comparison, as RFC 9110 asks for this header) or "*". */
function matches(ifNoneMatch: string, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/**
 * The tracker's files (lagom.js, lagom-banner.js, lagom-extras.js, and their versioned copies
 * lagom.v1.js …): scripts that other sites' pages load cross-origin.
 */
export const TRACKER_FILE = /^\/lagom(-[a-z]+)?(\.v\d+)?\.js$/;

/**
 * The dashboard's split-off chunks (scripts/build-dashboard.mjs CHUNK_FILE): named by a hash of
 * their content, so a name always means the same bytes.
 */
const DASHBOARD_CHUNK = /^\/[a-z0-9-]+-[A-Z0-9]{8}\.js$/;

function cacheControl(file: string): string {
  // app.js and index.html keep their names from build to build, so they are revalidated (no-cache
  // below); the chunks they name can be kept for good.
  if (DASHBOARD_CHUNK.test(file) && !TRACKER_FILE.test(file)) return 'public, max-age=31536000, immutable';
  const tracker = TRACKER_FILE.exec(file);
  if (!tracker) return 'no-cache';
  // A versioned file never changes (the tracker's build test pins its bytes), so browsers may
  // keep it for good; that is what makes Subresource Integrity on it safe. The current files
  // are fetched on every page of every site: cached for a day, then revalidated by ETag.
  return tracker[2] ? 'public, max-age=31536000, immutable' : 'public, max-age=86400';
}

/**
 * Answers with an asset: the encoding the client takes best, its ETag (a 304 when the client
 * holds it), and for a tracker script the headers that let other sites' pages load it.
 */
export function sendAsset(ctx: import('koa').Context, asset: Asset, o: { caching: string; tracker: boolean }): void {
  const coding = chooseEncoding(ctx.get('accept-encoding'), [...asset.encoded.keys()]);
  const variant = (coding !== 'identity' && asset.encoded.get(coding)) || asset.identity;
  ctx.set('Cache-Control', o.caching);
  if (asset.encoded.size) ctx.vary('Accept-Encoding');
  ctx.set('ETag', variant.etag);
  if (o.tracker) {
    // The core loads its optional files with import(), a CORS request; a page that pins the
    // script with `integrity` needs `crossorigin`, a CORS request too. Pages that send
    // Cross-Origin-Embedder-Policy need the resource policy.
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
  }
  ctx.type = asset.type;
  if (matches(ctx.get('if-none-match'), variant.etag)) {
    ctx.status = 304;
    return;
  }
  if (coding !== 'identity') ctx.set('Content-Encoding', coding);
  ctx.body = variant.body;
}

export function staticRoutes(router: Router, assets: Map<string, Asset>): void {
  // What depends on the file alone is worked out once per route, not per request.
  const serve = (file: string) => {
    const asset = assets.get(file);
    const options = { caching: cacheControl(file), tracker: TRACKER_FILE.test(file) };
    return async (ctx: import('koa').Context) => {
      if (!asset) throw new LagomError(503, 'not_built', `${file} is not built; run "npm run build"`, { expose: true });
      sendAsset(ctx, asset, options);
    };
  };
  // The core answers 503 until it is built, rather than a 404 that looks like a wrong address.
  router.get('/lagom.js', serve('/lagom.js'));
  router.get('/', serve('/index.html'));
  router.get('/setup', serve('/index.html'));
  router.get('/reset', serve('/index.html'));
  router.get('/invite', serve('/index.html'));
  router.get('/forgot', serve('/index.html'));
  router.get('/share/:token', serve('/index.html'));
  // Asked for by browsers and tools that never read the page's <link rel="icon">: the same mark.
  router.get('/favicon.ico', serve('/favicon.svg'));
  for (const file of assets.keys()) {
    if (file === '/lagom.js' || file === '/index.html') continue;
    router.get(file, serve(file));
  }
}

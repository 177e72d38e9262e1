import type Router from '@koa/router';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

interface Asset {
  body: Buffer;
  etag: string;
  type: string;
}

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * The built tracker and dashboard, read once into memory. Only files that exist in the build
 * folder are ever served, so no request path reaches the file system.
 */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) return assets;
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(`/${name}`, { body, etag, type });
  }
  return assets;
}

/**
 * The tracker's files (lagom.js, lagom-banner.js, lagom-extras.js, and their versioned copies
 * lagom.v1.js …): scripts that other sites' pages load cross-origin.
 */
export const TRACKER_FILE = /^\/lagom(-[a-z]+)?(\.v\d+)?\.js$/;

function cacheControl(file: string): string {
  const tracker = TRACKER_FILE.exec(file);
  if (!tracker) return 'no-cache';
  // A versioned file never changes (the tracker's build test pins its bytes), so browsers may
  // keep it for good; that is what makes Subresource Integrity on it safe. The current files
  // are fetched on every page of every site: cached for a day, then revalidated by ETag.
  return tracker[2] ? 'public, max-age=31536000, immutable' : 'public, max-age=86400';
}

export function staticRoutes(router: Router, assets: Map<string, Asset>): void {
  const serve = (file: string) => async (ctx: import('koa').Context) => {
    const asset = assets.get(file);
    if (!asset) {
      ctx.status = 503;
      ctx.type = 'text/plain';
      ctx.body = `${file} is not built; run "npm run build"`;
      return;
    }
    ctx.set('Cache-Control', cacheControl(file));
    ctx.set('ETag', asset.etag);
    if (TRACKER_FILE.test(file)) {
      // The core loads the banner and extras with import(), a CORS request; a page that pins
      // the core with `integrity` needs `crossorigin`, a CORS request too. Pages that send
      // Cross-Origin-Embedder-Policy need the resource policy.
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    }
    ctx.type = asset.type;
    if (ctx.get('if-none-match') === asset.etag) {
      ctx.status = 304;
      return;
    }
    ctx.body = asset.body;
  };
  // The core answers 503 until it is built, rather than a 404 that looks like a wrong address.
  router.get('/lagom.js', serve('/lagom.js'));
  router.get('/', serve('/index.html'));
  router.get('/setup', serve('/index.html'));
  router.get('/share/:token', serve('/index.html'));
  for (const file of assets.keys()) {
    if (file === '/lagom.js' || file === '/index.html') continue;
    router.get(file, serve(file));
  }
}

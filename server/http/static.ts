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

export function staticRoutes(router: Router, assets: Map<string, Asset>): void {
  const serve = (file: string, cacheControl: string) => async (ctx: import('koa').Context) => {
    const asset = assets.get(file);
    if (!asset) {
      ctx.status = 503;
      ctx.type = 'text/plain';
      ctx.body = `${file} is not built; run "npm run build"`;
      return;
    }
    ctx.set('Cache-Control', cacheControl);
    ctx.set('ETag', asset.etag);
    ctx.type = asset.type;
    if (ctx.get('if-none-match') === asset.etag) {
      ctx.status = 304;
      return;
    }
    ctx.body = asset.body;
  };
  // The tracker is fetched on every page of every site: cache it for a day, revalidate by ETag.
  router.get('/lagom.js', serve('/lagom.js', 'public, max-age=86400'));
  router.get('/', serve('/index.html', 'no-cache'));
  router.get('/setup', serve('/index.html', 'no-cache'));
  router.get('/share/:token', serve('/index.html', 'no-cache'));
  for (const file of assets.keys()) {
    if (file === '/lagom.js' || file === '/index.html') continue;
    router.get(file, serve(file, 'no-cache'));
  }
}

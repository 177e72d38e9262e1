// The Koa app's error answer (server/http/error-answer.ts) on a real Koa app over HTTP: a handler
// that fails after setting its headers leaves none of them on the error, as Koa's own onerror
// does, except those every answer keeps; the "not built" page is an error like any other.
import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerError } from '../../../server/http/error-answer.js';
import { staticRoutes } from '../../../server/http/static.js';
import { StoreError } from '../../../server/store/errors.js';

let server: Server;
let url = '';
beforeAll(async () => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      answerError(ctx, err);
    }
  });
  app.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  });
  const router = new Router();
  // Like the CSV export, with the store failing once the download's headers are set.
  router.get('/export', async (ctx) => {
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', 'attachment; filename="lagom-x.test.csv"');
    ctx.set('ETag', '"abc"');
    ctx.set('Set-Cookie', 'lagom_share_1=proof; Path=/');
    ctx.vary('Accept-Encoding');
    ctx.set('Access-Control-Allow-Origin', '*');
    throw new StoreError('memory_limit', 'Code: 241. DB::Exception: (total) memory limit exceeded');
  });
  router.get('/secret', () => {
    throw new Error('password for db is hunter2');
  });
  staticRoutes(router, new Map());
  app.use(router.routes());
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('an error answer', () => {
  it("drops the failed handler's headers, keeps the ones every answer has, and sets its own", async () => {
    const res = await fetch(`${url}/export`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    for (const gone of ['content-disposition', 'etag', 'set-cookie']) expect(res.headers.get(gone), gone).toBeNull();
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toEqual({ error: expect.stringContaining('LAGOM_ENGINE_MEMORY_MB'), code: 'store_memory_limit' });
  });

  it('tells nothing of an unexpected failure', async () => {
    const res = await fetch(`${url}/secret`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string; code: string };
    expect(body.code).toBe('internal');
    expect(body.error).not.toContain('hunter2');
  });

  it('answers a file that is not built with 503 not_built, in the same shape', async () => {
    const res = await fetch(`${url}/lagom.js`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: '/lagom.js is not built; run "npm run build"', code: 'not_built' });
  });
});

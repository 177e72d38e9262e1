// The embedded engine's failures as the HTTP layer answers them, on the real engine: a statement
// it refuses is a 500 that shows nothing of it; a closed engine (the server shutting down) is a
// 503 store_unavailable. The memory cap is in engine-memory.test.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorResponse } from '../../server/http/error-response.js';
import { formatStatement } from '../../server/store/inspect.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

let lagom: TestLagom;
beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite('errors.test');
});
afterAll(() => lagom?.stop());

it('answers an engine error it has no name for with 500 internal, keeping its text to the log', async () => {
  const err = await formatStatement(lagom.server.store, 'SELEC 1').then(() => undefined, (e: unknown) => e);
  expect(err).toMatchObject({ name: 'StoreError', kind: 'query', message: expect.stringContaining('Syntax error') });
  const answer = errorResponse(err);
  expect(answer.status).toBe(500);
  expect(answer.body.code).toBe('internal');
  expect(answer.body.error).not.toMatch(/SELEC|Syntax/);
});

it('answers 503 store_unavailable with Retry-After once the engine is closed', async () => {
  await lagom.server.store.close();
  const res = await fetch(`${lagom.url}/api/v1/stats/aggregate?site_id=errors.test&period=day`, {
    headers: { authorization: `Bearer ${lagom.apiKey}` },
  });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(await res.json()).toEqual({ error: 'The database cannot be reached right now; try again shortly', code: 'store_unavailable' });
});

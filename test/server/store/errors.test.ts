// The store's errors, sorted once (server/store/errors.ts) from the shapes the client really
// throws: ClickHouse's exception text as @clickhouse/client parses it, the client's own timeout,
// and a refused connection through the real HTTP client. The embedded engine's own failures
// (a memory cap, a closed engine, a bad statement) are in test/integration/store-errors.test.ts
// and engine-memory.test.ts.
import { createServer } from 'node:net';
import { parseError } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/core/config.js';
import { openStore } from '../../../server/store/client.js';
import { StoreError, toStoreError } from '../../../server/store/errors.js';

// What the engine said when a Stats API query went over LAGOM_ENGINE_MEMORY_MB=64.
const MEMORY =
  'Code: 241. DB::Exception: (total) memory limit exceeded: would use 66.40 MiB (attempt to allocate chunk of 4.49 MiB), ' +
  'current RSS: 28.78 MiB, maximum: 64.00 MiB. (MEMORY_LIMIT_EXCEEDED) (version 26.7.2.1)';
const SYNTAX = "Code: 62. DB::Exception: Syntax error: failed at position 1 ('SELEC'): SELEC 1. Expected one of: Query. (SYNTAX_ERROR)";

/** A local port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('toStoreError', () => {
  it.each([
    ['a memory cap', parseError(MEMORY), 'memory_limit', 'MEMORY_LIMIT_EXCEEDED'],
    ['a memory cap kept as the cause, as chDB keeps its own error', new Error('wrapped', { cause: parseError(MEMORY) }), 'memory_limit', 'MEMORY_LIMIT_EXCEEDED'],
    ['the client giving up waiting', new Error('Timeout error.'), 'timeout', 'TIMEOUT'],
    ['a socket error of Node', Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' }), 'unavailable', 'ECONNRESET'],
    ['a bad statement', parseError(SYNTAX), 'query', undefined],
    ['anything else', new Error('boom'), 'query', undefined],
  ] as const)('sorts %s', (_, err, kind, engineCode) => {
    const mapped = toStoreError(err);
    expect(mapped).toBeInstanceOf(StoreError);
    expect({ kind: mapped.kind, engineCode: mapped.engineCode, cause: mapped.cause }).toEqual({ kind, engineCode, cause: err });
  });

  it('keeps a StoreError as it is', () => {
    const err = new StoreError('timeout', 'slow');
    expect(toStoreError(err)).toBe(err);
  });
});

describe('the store client', () => {
  it('fails with StoreError on every verb when the ClickHouse server cannot be reached', async () => {
    const store = await openStore(loadConfig({ CLICKHOUSE_URL: `http://127.0.0.1:${await closedPort()}` }));
    try {
      const verbs = [
        store.client.query({ query: 'SELECT 1', format: 'JSONEachRow' }),
        store.client.command({ query: 'SELECT 1' }),
        store.client.insert({ table: 'lagom.sites', values: [{ domain: 'x.test' }], format: 'JSONEachRow' }),
      ];
      for (const verb of verbs) await expect(verb).rejects.toMatchObject({ name: 'StoreError', kind: 'unavailable', engineCode: 'ECONNREFUSED' });
      // ping answers rather than throws: /readyz reads it.
      expect((await store.client.ping()).success).toBe(false);
    } finally {
      await store.close();
    }
  });
});

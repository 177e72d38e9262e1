import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/core/config.js';
import { openStore, type Store } from '../../server/store/client.js';
import { tableShape } from '../../server/store/inspect.js';
import { migrate } from '../../server/store/migrate.js';
import { COUNTER_TABLES, type CounterTableName } from '../../server/store/schema.js';

// The code reads its column lists from server/store/schema.ts; the database is what the frozen
// migrations built. Here a fresh store, with every migration applied, must be exactly the schema.
let dataDir = '';
let store: Store;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lagom-schema-'));
  store = await openStore(loadConfig({ LAGOM_DATA_DIR: dataDir, LAGOM_LOG_LEVEL: 'silent' }));
  await migrate(store);
});
afterAll(async () => {
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the live schema (server/store/schema.ts) and the migrated database', () => {
  it.each(Object.keys(COUNTER_TABLES) as CounterTableName[])('agree on %s: columns, their types and order, and the sort key', async (table) => {
    const schema = COUNTER_TABLES[table];
    expect(await tableShape(store, table)).toEqual({
      columns: schema.columns.map(([name, type]) => [name, type]),
      orderBy: [...schema.orderBy],
    });
  });
});

import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { Session } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';
import type { Config } from '../core/config.js';
import { toStoreError } from './errors.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';

// Counter rows are serialised to JSON as they arrive (off the flush path); strings handed to
// insert() are those lines and pass through unchanged.
const json = {
  parse: JSON.parse,
  stringify: (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)),
};

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/** The client's verbs the store uses; from openStore, every one of them fails with StoreError. */
export type StoreClient = Pick<ClickHouseClient, 'query' | 'insert' | 'command' | 'exec' | 'ping' | 'close'>;

export interface Store {
  client: StoreClient;
  /** database name, a checked identifier (config), never user input */
  db: string;
  /** CLICKHOUSE_CLUSTER: DDL runs ON CLUSTER, counters are sharded (ddl.ts) */
  cluster?: string;
  embedded: boolean;
  close(): Promise<void>;
}

const fail = (err: unknown): never => {
  throw toStoreError(err);
};

/**
 * A result set whose reads fail with StoreError too: over HTTP a query can fail after its
 * answer started (ClickHouse then writes the exception into the body). Streams are not mapped;
 * nothing in the store reads one.
 */
function guardResult<R extends object>(rs: R): R {
  return new Proxy(rs, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop !== 'json' && prop !== 'text') return value.bind(target);
      return (...args: unknown[]) => (value.apply(target, args) as Promise<unknown>).catch(fail);
    },
  });
}

/**
 * The one place where engine errors become StoreError (errors.ts): every verb of the client,
 * embedded or served, so that no caller sees a ClickHouseError, a ChdbError or a socket error.
 */
function guarded(client: ClickHouseClient): StoreClient {
  return {
    query: (params) => client.query(params).then(guardResult, fail),
    insert: (params) => client.insert(params).catch(fail),
    command: (params) => client.command(params).catch(fail),
    exec: (params) => client.exec(params).catch(fail),
    // ping answers { success: false, error } rather than throwing; /readyz reads that.
    ping: (params) => client.ping(params),
    close: () => client.close(),
  };
}

/** Idle threads the embedded engine's global thread pool keeps (ClickHouse's default: 1,000). */
export const ENGINE_IDLE_THREADS = 16;

/**
 * Server settings of the embedded engine, given when it starts (docs/operations.md, "Memory"):
 * - its global thread pool keeps at most 16 idle threads instead of up to 1,000; under a burst
 *   it had grown to 136, each holding a stack and allocator caches;
 * - LAGOM_ENGINE_MEMORY_MB caps the memory of the whole engine (and of each query, below): a
 *   query that would go over fails with a memory error instead of taking the machine.
 */
function engineArgs(memoryBytes: number): string[] {
  return [`--max_thread_pool_free_size=${ENGINE_IDLE_THREADS}`, ...(memoryBytes > 0 ? [`--max_server_memory_usage=${memoryBytes}`] : [])];
}

/**
 * Opens the one ClickHouse client: chDB in-process by default, HTTP when CLICKHOUSE_URL is set.
 * The embedded engine owns the data directory while it runs, so a lock file with our PID turns
 * "another process has it" into a plain message instead of an engine error.
 */
export async function openStore(config: Config): Promise<Store> {
  if (config.clickhouseUrl) {
    const client = createClient({
      url: config.clickhouseUrl,
      username: config.clickhouseUser,
      password: config.clickhousePassword,
      clickhouse_settings: { date_time_input_format: 'best_effort' },
      json,
    });
    return { client: guarded(client), db: config.database, cluster: config.clickhouseCluster, embedded: false, close: () => client.close() };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const path = `${config.dataDir}/engine`;
  const memoryBytes = config.engineMemoryMb * 1024 * 1024;
  const lock: DataDirLock = acquireDataDirLock(config.dataDir);
  let client: ClickHouseClient;
  let engine: Session | undefined;
  try {
    // The first connection to a data directory starts the in-process engine with its
    // arguments; the client's connection below joins the same engine.
    engine = new Session(path, { connectionArgs: engineArgs(memoryBytes) });
    client = createClient({
      // chdb/connection types the Connection against its own copy of @clickhouse/client-common;
      // the shapes are the same, the declarations are not.
      connection: createChdbConnection({ path }) as unknown as ClientConnection,
      json,
      // The engine has no system log tables (no server configuration); queries are not
      // logged either way.
      clickhouse_settings: {
        log_queries: 0,
        ...(memoryBytes > 0 ? { max_memory_usage: String(memoryBytes) } : {}),
      },
    });
  } catch (err) {
    engine?.close();
    lock.release();
    throw new Error(
      `The embedded database in ${config.dataDir} could not be opened; is another Lagom process using it? (${String(err)})`,
      { cause: err },
    );
  }
  return {
    client: guarded(client),
    db: config.database,
    embedded: true,
    async close() {
      await client.close();
      engine?.close();
      lock.release();
    },
  };
}

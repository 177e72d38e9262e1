import type { Store } from './client.js';
import { deleteTarget } from './ddl.js';
import { rows } from './query.js';
import { nextVersion } from './version.js';

/** One entry of the audit log (migration 0017_sessions_audit). */
export interface AuditEntry {
  /** when, as the engine prints DateTime64(6): 'YYYY-MM-DD hh:mm:ss.ffffff' (UTC) */
  at: string;
  /** an email, or "API key <prefix>" */
  actor: string;
  action: string;
  target: string;
  /** JSON text; never a secret */
  detail: string;
}


export function auditRecords(store: Store) {
  const { db } = store;
  return {
    /** Writes an entry at `now` (milliseconds since the epoch). */
    async putAuditEntry(entry: Omit<AuditEntry, 'at'>, now = Date.now()): Promise<void> {
      // Strictly increasing, so two entries never share a time and `before` pages without a gap.
      const micros = nextVersion(now);
      await store.client.insert({
        table: `${db}.audit_log`,
        // DateTime64 takes the seconds with their fraction as a decimal text.
        values: [{ ...entry, at: `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}` }],
        format: 'JSONEachRow',
      });
    },
    /** Entries newest first, those before `before` (an earlier entry's `at`) when given. */
    async listAudit(limit: number, before?: string): Promise<AuditEntry[]> {
      // Not `AS at`: the alias would stand for the column in WHERE and ORDER BY, as text.
      const found = await rows<Omit<AuditEntry, 'at'> & { stamp: string }>(
        store,
        `SELECT toString(at) AS stamp, actor, action, target, detail FROM ${db}.audit_log
         WHERE {before:Nullable(DateTime64(6, 'UTC'))} IS NULL OR at < {before:Nullable(DateTime64(6, 'UTC'))}
         ORDER BY at DESC LIMIT {limit:UInt32}`,
        { limit, before: before ?? null },
      );
      return found.map(({ stamp, ...entry }) => ({ at: stamp, ...entry }));
    },
    /** Deletes the entries older than `days` before `now` (milliseconds); waits for the delete. */
    async pruneAudit(days: number, now = Date.now()): Promise<void> {
      await store.client.command({
        query: `DELETE FROM ${deleteTarget(db, 'audit_log', store.cluster)} WHERE at < fromUnixTimestamp64Milli({cutoff:Int64}, 'UTC')`,
        query_params: { cutoff: now - days * 86_400_000 },
        clickhouse_settings: { lightweight_deletes_sync: '2' },
      });
    },
  };
}

// The two_factor table (migration 0016): one row per account that ever started an enrolment,
// the latest version read back (FINAL), as the other small tables.
import type { Store } from './client.js';
import { rows } from './query.js';
import { insert } from './records.js';
import { nextVersion } from './version.js';

export interface TwoFactorRecord {
  email: string;
  /** the TOTP secret, sealed (server/auth/sealed.ts); '' once switched off */
  secret: string;
  /** 0 while an enrolment waits for its first code; 1 once confirmed */
  enabled: number;
  /** the time step of the last accepted code: no code of it or before it works again */
  last_step: number;
  /** SHA-256 hashes of the unused recovery codes */
  recovery: string[];
}

export function twoFactorRecords(store: Store) {
  const { db } = store;
  return {
    async get(email: string): Promise<TwoFactorRecord | undefined> {
      const [r] = await rows<Omit<TwoFactorRecord, 'recovery'> & { recovery: string }>(
        store,
        `SELECT email, secret, enabled, last_step, recovery FROM ${db}.two_factor FINAL WHERE email = {email:String}`,
        { email },
      );
      if (!r) return undefined;
      const recovery: unknown = JSON.parse(r.recovery || '[]');
      return { ...r, enabled: Number(r.enabled), last_step: Number(r.last_step), recovery: Array.isArray(recovery) ? recovery.filter((h): h is string => typeof h === 'string') : [] };
    },
    async put(record: TwoFactorRecord): Promise<void> {
      await insert(store, 'two_factor', [{ ...record, recovery: JSON.stringify(record.recovery), version: nextVersion() }]);
    },
  };
}

export type TwoFactorStore = ReturnType<typeof twoFactorRecords>;

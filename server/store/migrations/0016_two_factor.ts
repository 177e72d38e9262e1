import type { Migration } from './types.js';

// Two-factor login, one row per account: the TOTP secret (sealed with a key that is not in the
// database, server/auth/sealed.ts), whether it is on (0 while an enrolment waits for its first
// code), the last time step a code was accepted for (a code works once) and the SHA-256 hashes
// of the unused recovery codes, as a JSON list.
export const migration: Migration = {
  id: '0016_two_factor',
  statements: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.two_factor (
      email String,
      secret String,
      enabled UInt8,
      last_step UInt64,
      recovery String,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY email`,
  ],
};

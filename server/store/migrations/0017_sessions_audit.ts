import type { Migration } from './types.js';

// Sessions kept on the server, so a person can see their signed-in browsers and sign any of
// them out. The cookie holds a random secret; only its SHA-256 is kept (token_hash), so a copy
// of the database opens no session. A browser is known by its coarse device (browser and OS
// names) and times only: no IP address, no user agent. `epoch` is the account's session_epoch
// at sign-in: raising it (a new password, "log out everywhere") ends every older session.
// A row goes a day after its session expired.
//
// The audit log: who changed what about people, sites, keys, shared links, goals and settings,
// and when. Never visitor data, never a secret. Old entries are deleted by a background task
// after the owner's retention (the audit_retention_days setting), which a TTL could not read.
export const migration: Migration = {
  id: '0017_sessions_audit',
  statements: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.sessions (
      token_hash String,
      id String,
      email String,
      browser LowCardinality(String),
      os LowCardinality(String),
      epoch UInt64,
      created_at DateTime('UTC'),
      last_active_at DateTime('UTC'),
      expires_at DateTime('UTC'),
      revoked UInt8,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY token_hash
    TTL expires_at + INTERVAL 1 DAY`,
    `CREATE TABLE IF NOT EXISTS ${db}.audit_log (
      at DateTime64(6, 'UTC'),
      actor String,
      action LowCardinality(String),
      target String,
      detail String
    ) ENGINE = MergeTree
    ORDER BY at`,
  ],
};

import type { Migration } from './types.js';

// Invitations: a one-time link (only the SHA-256 hash of its token is kept) that lets the
// invitee choose a password and become a person with the role and sites given. `state` is
// 0 pending, 1 accepted, 2 revoked; a row is dropped a month after its link expired, so the
// pending list and a reused link's answer still know it for a while.
export const migration: Migration = {
  id: '0015_invitations',
  statements: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.invitations (
      id String,
      token_hash String,
      email String,
      role LowCardinality(String),
      sites String,
      invited_by String,
      created_at DateTime('UTC'),
      expires_at DateTime('UTC'),
      state UInt8,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY id
    TTL expires_at + INTERVAL 30 DAY`,
  ],
};

import type { Migration } from './types.js';

// One-time links that let a person set a password: `lagom reset-password` today, invitations
// later. Only a SHA-256 hash of the token is kept, so a copy of the database opens no account;
// a row (with the email it names) is dropped a day after its link expired.
export const migration: Migration = {
  id: '0006_auth_tokens',
  statements: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.auth_tokens (
      token_hash String,
      purpose LowCardinality(String),
      email String,
      expires_at DateTime('UTC'),
      used UInt8,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY token_hash
    TTL expires_at + INTERVAL 1 DAY`,
  ],
};

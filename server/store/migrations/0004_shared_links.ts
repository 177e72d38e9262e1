import type { Migration } from './types.js';

// Read-only dashboards for one site. The token is a capability shown again in the owner's
// list, so it is kept; an optional password is kept only as an scrypt hash.
export const migration: Migration = {
  id: '0004_shared_links',
  statements: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.shared_links (
      id String,
      token String,
      site String,
      name String,
      password_hash String,
      created_at DateTime('UTC'),
      revoked UInt8,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY id`,
  ],
};

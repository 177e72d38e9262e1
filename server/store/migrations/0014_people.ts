import type { Migration } from './types.js';

// People: each account has a role (owner, admin, viewer), may be limited to some sites (a JSON
// list; '[]' is every site) and can be removed. Accounts from before are owners, as they were.
// API keys get scopes and an optional list of sites; a key from before keeps what it could do.
export const migration: Migration = {
  id: '0014_people',
  statements: (db) => [
    `ALTER TABLE ${db}.users ADD COLUMN IF NOT EXISTS role LowCardinality(String) DEFAULT 'owner'`,
    `ALTER TABLE ${db}.users ADD COLUMN IF NOT EXISTS sites String DEFAULT '[]'`,
    `ALTER TABLE ${db}.users ADD COLUMN IF NOT EXISTS deleted UInt8 DEFAULT 0`,
    `ALTER TABLE ${db}.api_keys ADD COLUMN IF NOT EXISTS scopes String DEFAULT '["stats:read","sites:write"]'`,
    `ALTER TABLE ${db}.api_keys ADD COLUMN IF NOT EXISTS sites String DEFAULT '[]'`,
  ],
};

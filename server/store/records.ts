import type { Store } from './client.js';
import { deleteTarget } from './ddl.js';
import { rows } from './query.js';
import { nextVersion } from './version.js';
import { sessionRecords } from './sessions.js';
import { auditRecords } from './audit.js';
import { isRole, type KeyScope, type Role } from '../../protocol/people.js';

// Small ReplacingMergeTree tables: every change inserts a new row with a higher version and
// reads take the latest (FINAL). Deletion is a row with deleted/revoked set.

export interface SiteRecord {
  domain: string;
  timezone: string;
  /** the site's other settings as JSON text (server/sites/settings.ts reads and writes it) */
  settings: string;
}

export interface UserRecord {
  email: string;
  password_hash: string;
  session_epoch: number;
  role: Role;
  /** the sites this person may read; empty: every site (an owner's and an admin's always) */
  sites: string[];
}

export interface SharedLinkRecord {
  id: string;
  token: string;
  site: string;
  name: string;
  password_hash: string;
  created_at: string;
}

export type AuthTokenPurpose = 'reset';

export interface AuthTokenRecord {
  token_hash: string;
  purpose: AuthTokenPurpose;
  email: string;
  /** seconds since the epoch */
  expires_at: number;
  used: number;
}

/** 0 pending, 1 accepted, 2 revoked */
export type InvitationState = 0 | 1 | 2;

export interface InvitationRecord {
  /** public id, for the list and for revoking */
  id: string;
  /** the SHA-256 hash of the link's token (the token itself is never stored) */
  token_hash: string;
  email: string;
  role: Role;
  /** the sites the invitee will reach; empty: every site */
  sites: string[];
  invited_by: string;
  /** seconds since the epoch */
  created_at: number;
  expires_at: number;
  state: InvitationState;
}

export type GoalType = 'event' | 'page';
export interface GoalRecord {
  /** stable id, a positive integer as a decimal string (Plausible's goal ids are integers) */
  id: string;
  site: string;
  goal_type: GoalType;
  /** the custom event's name; '' for a page goal */
  event_name: string;
  /** the path pattern (* within a segment, ** across); '' for an event goal */
  page_path: string;
  /** shown in the dashboard and as the event:goal value: default event_name, or `Visit ${page_path}` */
  display_name: string;
  /** ISO 4217 code for a revenue goal, else '' */
  currency: string;
}

export interface ApiKeyRecord {
  key_hash: string;
  prefix: string;
  name: string;
  owner: string;
  created_at: string;
  scopes: KeyScope[];
  /** the sites the key may reach (within its owner's); empty: every site its owner reaches */
  sites: string[];
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function insert(store: Store, table: string, values: object[]): Promise<void> {
  await store.client.insert({ table: `${store.db}.${table}`, values, format: 'JSONEachRow' });
}

/** A list kept as JSON text (users.sites, api_keys.scopes and sites), read back as strings. */
const list = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};
type Stored<T, K extends keyof T> = Omit<T, K> & Record<K, string>;
// A role the code does not know (written by a newer release) reads as the least.
const userOf = (r: Stored<UserRecord, 'sites'>): UserRecord => ({ ...r, role: isRole(r.role) ? r.role : 'viewer', session_epoch: Number(r.session_epoch), sites: list(r.sites) });
const keyOf = (r: Stored<ApiKeyRecord, 'sites' | 'scopes'>): ApiKeyRecord => ({ ...r, scopes: list(r.scopes) as KeyScope[], sites: list(r.sites) });
const invitationOf = (r: Stored<InvitationRecord, 'sites'>): InvitationRecord => ({
  ...r,
  role: isRole(r.role) ? r.role : 'viewer',
  sites: list(r.sites),
  created_at: Number(r.created_at),
  expires_at: Number(r.expires_at),
  state: Number(r.state) as InvitationState,
});
const INVITATION_COLUMNS = 'id, token_hash, email, role, sites, invited_by, toUnixTimestamp(created_at) AS created_at, toUnixTimestamp(expires_at) AS expires_at, state';
const USER_COLUMNS = 'email, password_hash, session_epoch, role, sites';
const KEY_COLUMNS = 'key_hash, prefix, name, owner, toString(created_at) AS created_at, scopes, sites';

const goalRow = (goal: GoalRecord, deleted: 0 | 1) => ({ ...goal, id: Number(goal.id), deleted, version: nextVersion() });

export function records(store: Store) {
  const { db } = store;
  /** A site's goals, ordered by id. */
  const listGoals = (site: string): Promise<GoalRecord[]> =>
    rows(
      store,
      `SELECT toString(id) AS id, site, goal_type, event_name, page_path, display_name, currency
       FROM ${db}.goals FINAL WHERE site = {site:String} AND deleted = 0 ORDER BY toUInt64(id)`,
      { site },
    );
  return {
    ...sessionRecords(store),
    ...auditRecords(store),
    /** Every site's pageview goals, in one query (a site's script learns them: server/sites/script.ts). */
    async listPageGoals(): Promise<Pick<GoalRecord, 'id' | 'site' | 'page_path'>[]> {
      return rows(
        store,
        `SELECT toString(id) AS id, site, page_path FROM ${db}.goals FINAL
         WHERE deleted = 0 AND goal_type = 'page' ORDER BY site, toUInt64(id)`,
      );
    },
    async listSites(): Promise<SiteRecord[]> {
      return rows(store, `SELECT domain, timezone, settings FROM ${db}.sites FINAL WHERE deleted = 0 ORDER BY domain`);
    },
    async getSite(domain: string): Promise<SiteRecord | undefined> {
      const found = await rows<SiteRecord>(
        store,
        `SELECT domain, timezone, settings FROM ${db}.sites FINAL WHERE domain = {domain:String} AND deleted = 0`,
        { domain },
      );
      return found[0];
    },
    async putSite(site: SiteRecord): Promise<void> {
      await insert(store, 'sites', [{ ...site, created_at: nowSeconds(), deleted: 0, version: nextVersion() }]);
    },
    /** The time zones the engine can load, in their exact (case-sensitive) names. */
    async listTimeZones(): Promise<string[]> {
      return (await rows<{ name: string }>(store, 'SELECT time_zone AS name FROM system.time_zones')).map((r) => r.name);
    },
    async countUsers(): Promise<number> {
      const [r] = await rows<{ n: string | number }>(store, `SELECT count() AS n FROM ${db}.users FINAL WHERE deleted = 0`);
      return Number(r?.n ?? 0);
    },
    async getUser(email: string): Promise<UserRecord | undefined> {
      const found = await rows<Stored<UserRecord, 'sites'>>(
        store,
        `SELECT ${USER_COLUMNS} FROM ${db}.users FINAL WHERE email = {email:String} AND deleted = 0`,
        { email },
      );
      return found[0] && userOf(found[0]);
    },
    /** Every account, by email. */
    async listUsers(): Promise<UserRecord[]> {
      return (await rows<Stored<UserRecord, 'sites'>>(store, `SELECT ${USER_COLUMNS} FROM ${db}.users FINAL WHERE deleted = 0 ORDER BY email`)).map(userOf);
    },
    async putUser(user: UserRecord): Promise<void> {
      await insert(store, 'users', [{ ...user, sites: JSON.stringify(user.sites), created_at: nowSeconds(), deleted: 0, version: nextVersion() }]);
    },
    /** Removes the account; its keys stop working with it (AuthService.principal reads the owner). */
    async removeUser(user: UserRecord): Promise<void> {
      await insert(store, 'users', [{ ...user, sites: JSON.stringify(user.sites), created_at: nowSeconds(), deleted: 1, version: nextVersion() }]);
    },
    async putApiKey(key: Omit<ApiKeyRecord, 'created_at'>): Promise<void> {
      await insert(store, 'api_keys', [{ ...key, scopes: JSON.stringify(key.scopes), sites: JSON.stringify(key.sites), created_at: nowSeconds(), revoked: 0, version: nextVersion() }]);
    },
    async getApiKey(keyHash: string): Promise<ApiKeyRecord | undefined> {
      const found = await rows<Stored<ApiKeyRecord, 'sites' | 'scopes'>>(
        store,
        `SELECT ${KEY_COLUMNS} FROM ${db}.api_keys FINAL WHERE key_hash = {h:String} AND revoked = 0`,
        { h: keyHash },
      );
      return found[0] && keyOf(found[0]);
    },
    async listApiKeys(owner: string): Promise<ApiKeyRecord[]> {
      const found = await rows<Stored<ApiKeyRecord, 'sites' | 'scopes'>>(
        store,
        `SELECT ${KEY_COLUMNS} FROM ${db}.api_keys FINAL WHERE owner = {owner:String} AND revoked = 0 ORDER BY created_at, prefix`,
        { owner },
      );
      return found.map(keyOf);
    },
    async revokeApiKey(key: ApiKeyRecord): Promise<void> {
      await insert(store, 'api_keys', [{ ...key, scopes: JSON.stringify(key.scopes), sites: JSON.stringify(key.sites), created_at: key.created_at, revoked: 1, version: nextVersion() }]);
    },
    async deleteSite(site: SiteRecord): Promise<void> {
      await insert(store, 'sites', [{ ...site, created_at: nowSeconds(), deleted: 1, version: nextVersion() }]);
      // Its goals are tombstoned rather than deleted, so that their ids are never handed out again.
      const goals = await listGoals(site.domain);
      if (goals.length) await insert(store, 'goals', goals.map((g) => goalRow(g, 1)));
      // Every counter of the site goes with it (lightweight deletes, waited for).
      for (const table of ['counters_hourly', 'counters_daily', 'counters_recent', 'rollup_log']) {
        await store.client.command({
          query: `DELETE FROM ${deleteTarget(db, table, store.cluster)} WHERE site = {site:String}`,
          query_params: { site: site.domain },
          clickhouse_settings: { lightweight_deletes_sync: '2' },
        });
      }
    },
    async listSharedLinks(site: string): Promise<SharedLinkRecord[]> {
      return rows(
        store,
        `SELECT id, token, site, name, password_hash, toString(created_at) AS created_at
         FROM ${db}.shared_links FINAL WHERE site = {site:String} AND revoked = 0 ORDER BY created_at, id`,
        { site },
      );
    },
    async getSharedLink(by: { id: string } | { token: string }): Promise<SharedLinkRecord | undefined> {
      const [column, value] = 'id' in by ? ['id', by.id] : ['token', by.token];
      const found = await rows<SharedLinkRecord>(
        store,
        `SELECT id, token, site, name, password_hash, toString(created_at) AS created_at
         FROM ${db}.shared_links FINAL WHERE ${column} = {value:String} AND revoked = 0`,
        { value },
      );
      return found[0];
    },
    async putSharedLink(link: Omit<SharedLinkRecord, 'created_at'>): Promise<void> {
      await insert(store, 'shared_links', [{ ...link, created_at: nowSeconds(), revoked: 0, version: nextVersion() }]);
    },
    async revokeSharedLink(link: SharedLinkRecord): Promise<void> {
      await insert(store, 'shared_links', [{ ...link, revoked: 1, version: nextVersion() }]);
    },
    async putAuthToken(token: AuthTokenRecord): Promise<void> {
      await insert(store, 'auth_tokens', [{ ...token, version: nextVersion() }]);
    },
    /** An unused, unexpired token of this purpose, or undefined. */
    async getAuthToken(tokenHash: string, purpose: AuthTokenPurpose): Promise<AuthTokenRecord | undefined> {
      const found = await rows<AuthTokenRecord>(
        store,
        `SELECT token_hash, purpose, email, toUnixTimestamp(expires_at) AS expires_at, used
         FROM ${db}.auth_tokens FINAL
         WHERE token_hash = {h:String} AND purpose = {p:String} AND used = 0 AND expires_at > now()`,
        { h: tokenHash, p: purpose },
      );
      return found[0];
    },
    async putInvitation(invitation: InvitationRecord): Promise<void> {
      await insert(store, 'invitations', [{ ...invitation, sites: JSON.stringify(invitation.sites), version: nextVersion() }]);
    },
    /** The invitation, whatever its state (expired, used and revoked ones too, until dropped). */
    async getInvitation(by: { id: string } | { token_hash: string }): Promise<InvitationRecord | undefined> {
      const [column, value] = 'id' in by ? ['id', by.id] : ['token_hash', by.token_hash];
      const found = await rows<Stored<InvitationRecord, 'sites'>>(
        store,
        `SELECT ${INVITATION_COLUMNS} FROM ${db}.invitations FINAL WHERE ${column} = {value:String}`,
        { value },
      );
      return found[0] && invitationOf(found[0]);
    },
    /** Pending invitations whose link still works, oldest first. */
    async listInvitations(): Promise<InvitationRecord[]> {
      const found = await rows<Stored<InvitationRecord, 'sites'>>(
        store,
        `SELECT ${INVITATION_COLUMNS} FROM ${db}.invitations FINAL WHERE state = 0 AND expires_at > now() ORDER BY created_at, id`,
      );
      return found.map(invitationOf);
    },
    listGoals,
    /**
     * The id for a new goal: one more than the largest ever given, deleted goals included, so an
     * id is never reused and ids read in the order goals were made. This rests on the settings'
     * single writer: goals are made by the one owner, by hand, and the caller serialises its own
     * allocate-then-put, so two requests to one node never take the same id. Two nodes making a
     * goal for the same site in the same instant could; the table's key is (site, id), so goals
     * of different sites never collide (docs/stats-api.md, "Goals").
     */
    async nextGoalId(): Promise<string> {
      const [r] = await rows<{ id: string }>(store, `SELECT toString(max(id) + 1) AS id FROM ${db}.goals`);
      return r?.id ?? '1';
    },
    async putGoal(goal: GoalRecord): Promise<void> {
      await insert(store, 'goals', [goalRow(goal, 0)]);
    },
    async deleteGoal(goal: GoalRecord): Promise<void> {
      await insert(store, 'goals', [goalRow(goal, 1)]);
    },
    async getSetting(key: string): Promise<string | undefined> {
      const found = await rows<{ value: string }>(
        store,
        `SELECT value FROM ${db}.settings FINAL WHERE key = {key:String}`,
        { key },
      );
      return found[0]?.value;
    },
    async putSetting(key: string, value: string): Promise<void> {
      await insert(store, 'settings', [{ key, value, version: nextVersion() }]);
    },
  };
}

export type Records = ReturnType<typeof records>;

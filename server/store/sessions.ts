import type { Store } from './client.js';
import { rows } from './query.js';
import { nextVersion } from './version.js';

/** A signed-in browser (migration 0017_sessions_audit). Times are seconds since the epoch. */
export interface SessionRecord {
  /** SHA-256 of the cookie's secret; the secret itself is never stored */
  token_hash: string;
  /** the public id the sessions list and DELETE /api/auth/sessions/:id name */
  id: string;
  email: string;
  /** coarse device: browser and OS names, nothing finer */
  browser: string;
  os: string;
  /** the account's session_epoch at sign-in */
  epoch: number;
  created_at: number;
  last_active_at: number;
  expires_at: number;
  revoked: number;
}

const COLUMNS = `token_hash, id, email, browser, os, epoch, toUnixTimestamp(created_at) AS created_at,
  toUnixTimestamp(last_active_at) AS last_active_at, toUnixTimestamp(expires_at) AS expires_at, revoked`;

const sessionOf = (r: SessionRecord): SessionRecord => ({
  ...r,
  epoch: Number(r.epoch),
  created_at: Number(r.created_at),
  last_active_at: Number(r.last_active_at),
  expires_at: Number(r.expires_at),
  revoked: Number(r.revoked),
});

/**
 * Added to a revoked row's version: a sign-out outranks every write that keeps the session live,
 * such as "last active" from another node that has not heard of it yet.
 */
const REVOKED_RANK = 2 ** 62;

export function sessionRecords(store: Store) {
  const { db } = store;
  return {
    /** A new session, or a change to one (last active, revoked): the row with the highest version wins. */
    async putSession(session: SessionRecord): Promise<void> {
      await store.client.insert({ table: `${db}.sessions`, values: [{ ...session, version: (session.revoked ? REVOKED_RANK : 0) + nextVersion() }], format: 'JSONEachRow' });
    },
    /** The session of a cookie's hash, revoked and expired ones included (the caller decides). */
    async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
      const found = await rows<SessionRecord>(store, `SELECT ${COLUMNS} FROM ${db}.sessions FINAL WHERE token_hash = {h:String}`, { h: tokenHash });
      return found[0] && sessionOf(found[0]);
    },
    /** An account's live sessions of this epoch, the most recently active first. */
    async listSessions(email: string, epoch: number): Promise<SessionRecord[]> {
      const found = await rows<SessionRecord>(
        store,
        `SELECT ${COLUMNS} FROM ${db}.sessions FINAL
         WHERE email = {email:String} AND epoch = {epoch:UInt64} AND revoked = 0 AND expires_at > now()
         ORDER BY last_active_at DESC, created_at DESC`,
        { email, epoch },
      );
      return found.map(sessionOf);
    },
  };
}

// The audit log: who changed what about people, sites, keys, shared links, goals and settings,
// and when. An entry names the account (or the key) that acted and what it acted on; never a
// visitor, never a secret (no key, password, hash or token goes into `detail`).
import type { Principal } from './service.js';
import type { Records } from '../store/records.js';

/** Stable names: a reader of the log (or a script) branches on them. */
export type AuditAction =
  | 'site.create'
  | 'site.update'
  | 'site.delete'
  | 'goal.create'
  | 'goal.delete'
  | 'link.create'
  | 'link.revoke'
  | 'key.create'
  | 'key.revoke'
  | 'account.password'
  | 'account.password_reset'
  | 'account.logout_everywhere'
  | 'account.two_factor_on'
  | 'account.two_factor_off'
  | 'session.revoke'
  | 'instance.audit_retention'
  // People and invitations (their routes call audit too)
  | 'person.invite'
  | 'person.update'
  | 'person.remove'
  | 'invitation.revoke'
  | 'instance.security';

/** Who acted: a person (their email) or an API key (its prefix, never the key). */
export type Actor = Pick<Principal, 'email' | 'via' | 'key'>;

export const actorName = (actor: Actor): string => (actor.via === 'key' ? `API key ${actor.key ?? ''}`.trim() : actor.email);

/** Writes one entry of the log. */
export type Audit = (actor: Actor, action: AuditAction, target: string, detail?: Record<string, unknown>) => Promise<void>;

export function auditLog(records: Records): Audit {
  return (actor, action, target, detail = {}) => records.putAuditEntry({ actor: actorName(actor), action, target, detail: JSON.stringify(detail) });
}

/** How long entries are kept unless the owner says otherwise (setting audit_retention_days). */
export const AUDIT_RETENTION_DEFAULT_DAYS = 400;
export const AUDIT_RETENTION_SETTING = 'audit_retention_days';

export async function auditRetentionDays(records: Records): Promise<number> {
  const set = Number(await records.getSetting(AUDIT_RETENTION_SETTING));
  return Number.isInteger(set) && set > 0 ? set : AUDIT_RETENTION_DEFAULT_DAYS;
}

/** The background task's work: deletes the entries older than the owner's retention. */
export async function pruneAudit(records: Records, now = Date.now()): Promise<{ days: number }> {
  const days = await auditRetentionDays(records);
  await records.pruneAudit(days, now);
  return { days };
}

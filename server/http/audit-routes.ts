import type Router from '@koa/router';
import { allow, principalOf } from '../auth/access.js';
import { AUDIT_RETENTION_SETTING, auditRetentionDays, type Audit } from '../auth/audit.js';
import type { AuthService } from '../auth/service.js';
import { readJson } from '../core/body.js';
import { badRequest } from '../core/errors.js';
import type { AuditEntry } from '../store/audit.js';
import type { Records } from '../store/records.js';
import type { AuditAnswer } from '../../protocol/account.js';

const LIMIT_DEFAULT = 50;
const LIMIT_MAX = 500;
/** Ten years: a longer retention is a typo more often than a wish. */
const RETENTION_MAX_DAYS = 3660;
// An `at` as the engine prints a DateTime64(6): the cursor of a page.
const AT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/;

const view = (e: AuditEntry) => ({
  at: `${e.at.replace(' ', 'T')}Z`,
  actor: e.actor,
  action: e.action,
  target: e.target,
  detail: JSON.parse(e.detail || '{}') as Record<string, unknown>,
  cursor: e.at,
});

/** The audit log, for owners and admins; its retention, set by an owner. */
export function auditRoutes(router: Router, deps: { auth: AuthService; records: Records; audit: Audit }): void {
  const { auth, records, audit } = deps;

  router.get('/api/audit', allow(auth, 'audit:read'), async (ctx) => {
    const { limit: rawLimit, before } = ctx.query;
    const limit = rawLimit === undefined ? LIMIT_DEFAULT : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > LIMIT_MAX) throw badRequest('invalid_field', `"limit" must be a whole number from 1 to ${LIMIT_MAX}`);
    if (before !== undefined && (typeof before !== 'string' || !AT.test(before))) {
      throw badRequest('invalid_cursor', '"before" must be the cursor of an entry from an earlier answer');
    }
    const entries = (await records.listAudit(limit, before)).map(view);
    ctx.body = { entries, before: entries.length === limit ? entries.at(-1)!.cursor : null } satisfies AuditAnswer;
  });

  router.get('/api/audit/retention', allow(auth, 'audit:read'), async (ctx) => {
    ctx.body = { days: await auditRetentionDays(records) };
  });

  router.put('/api/audit/retention', allow(auth, 'instance:manage'), async (ctx) => {
    const body = await readJson(ctx);
    const days = body.days;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > RETENTION_MAX_DAYS) {
      throw badRequest('invalid_field', `"days" must be a whole number of days from 1 to ${RETENTION_MAX_DAYS}`);
    }
    const was = await auditRetentionDays(records);
    await records.putSetting(AUDIT_RETENTION_SETTING, String(days));
    await audit(principalOf(ctx), 'instance.audit_retention', 'audit log', { days, was });
    ctx.body = { days };
  });
}

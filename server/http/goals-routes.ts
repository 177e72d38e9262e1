import type Router from '@koa/router';
import type { Context } from 'koa';
import type { GoalDeletedAnswer, GoalPutAnswer, GoalsAnswer } from '../../protocol/sites.js';
import { readJson } from '../core/body.js';
import { badRequest } from '../core/errors.js';
import { checkGoal, goalBook, goalsPage, goalView } from '../sites/goals.js';
import type { SiteRegistry } from '../sites/registry.js';
import type { GoalRecord, Records, SiteRecord } from '../store/records.js';
import { check, principalOf, siteFor } from '../auth/access.js';
import type { Audit } from '../auth/audit.js';

/** The site a goals request names: `site_id` in the JSON body or, as Plausible also takes it, the query. */
function siteOf(ctx: Context, sites: SiteRegistry, body: Record<string, unknown> = {}): SiteRecord {
  const raw = body.site_id ?? ctx.query.site_id;
  if (typeof raw !== 'string' || raw.trim() === '') throw badRequest('missing_site_id', '"site_id" is required: the site\'s domain');
  return siteFor(ctx, sites, raw.trim());
}

/** A goal as the audit log names it. */
const goalTarget = (goal: GoalRecord) => `${goal.site}: ${goal.display_name}`;

/**
 * Plausible's goals endpoints of the Sites API: find or create, list, delete. Registered ahead
 * of `/api/v1/sites/:domain`, which would otherwise take "goals" for a domain.
 */
export function goalsRoutes(router: Router, deps: { sites: SiteRegistry; records: Records; audit: Audit }): void {
  const { sites } = deps;
  const goals = goalBook(deps.records);

  router.put('/api/v1/sites/goals', async (ctx) => {
    check(principalOf(ctx), 'sites:write');
    const body = await readJson(ctx);
    const site = siteOf(ctx, sites, body);
    const { goal, created } = await goals.findOrCreate(site.domain, checkGoal(body));
    if (created) await deps.audit(principalOf(ctx), 'goal.create', goalTarget(goal), { ...goalView(goal) });
    // The site's script learns its pageview goals.
    await deps.sites.refresh();
    ctx.body = { domain: site.domain, ...goalView(goal) } satisfies GoalPutAnswer;
  });

  router.get('/api/v1/sites/goals', async (ctx) => {
    const site = siteOf(ctx, sites);
    const all = (await goals.list(site.domain)).map(goalView);
    ctx.body = goalsPage(all, ctx.query) satisfies GoalsAnswer;
  });

  router.delete('/api/v1/sites/goals/:goal_id', async (ctx) => {
    check(principalOf(ctx), 'sites:write');
    const site = siteOf(ctx, sites, ctx.is('application/json') ? await readJson(ctx) : {});
    const removed = await goals.remove(site.domain, ctx.params.goal_id ?? '');
    await deps.audit(principalOf(ctx), 'goal.delete', goalTarget(removed));
    await deps.sites.refresh();
    ctx.body = { deleted: true } satisfies GoalDeletedAnswer;
  });
}

import type Router from '@koa/router';
import type { Context } from 'koa';
import type { GoalDeletedAnswer, GoalPutAnswer, GoalsAnswer } from '../../protocol/sites.js';
import { readJson } from '../core/body.js';
import { badRequest } from '../core/errors.js';
import { checkGoal, goalBook, goalsPage, goalView } from '../sites/goals.js';
import type { SiteRegistry } from '../sites/registry.js';
import type { Records, SiteRecord } from '../store/records.js';
import { check, principalOf, siteFor } from '../auth/access.js';

/** The site a goals request names: `site_id` in the JSON body or, as Plausible also takes it, the query. */
function siteOf(ctx: Context, sites: SiteRegistry, body: Record<string, unknown> = {}): SiteRecord {
  const raw = body.site_id ?? ctx.query.site_id;
  if (typeof raw !== 'string' || raw.trim() === '') throw badRequest('missing_site_id', '"site_id" is required: the site\'s domain');
  return siteFor(ctx, sites, raw.trim());
}

/**
 * Plausible's goals endpoints of the Sites API: find or create, list, delete. Registered ahead
 * of `/api/v1/sites/:domain`, which would otherwise take "goals" for a domain.
 */
export function goalsRoutes(router: Router, deps: { sites: SiteRegistry; records: Records }): void {
  const { sites } = deps;
  const goals = goalBook(deps.records);

  router.put('/api/v1/sites/goals', async (ctx) => {
    check(principalOf(ctx), 'sites:write');
    const body = await readJson(ctx);
    const site = siteOf(ctx, sites, body);
    const goal = await goals.findOrCreate(site.domain, checkGoal(body));
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
    await goals.remove(site.domain, ctx.params.goal_id ?? '');
    await deps.sites.refresh();
    ctx.body = { deleted: true } satisfies GoalDeletedAnswer;
  });
}

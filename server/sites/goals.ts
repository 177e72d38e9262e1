// A site's configured goals: what the owner asks for checked, found or made once, deleted.
// Plausible's rules: a custom event's goal is found by its name, a page goal by its path
// pattern, and no two goals of a site share a display name (the Stats API's event:goal value).
import { GOAL_LIMITS, GOAL_TYPES, type GoalAnswer, type GoalsAnswer } from '../../protocol/sites.js';
import { stringField } from '../core/body.js';
import { LagomError, badRequest } from '../core/errors.js';
import type { GoalRecord, GoalType, Records } from '../store/records.js';

/** A goal as the owner describes it: everything but its id and site. */
export type GoalInput = Omit<GoalRecord, 'id' | 'site'>;

const isGoalType = (v: unknown): v is GoalType => (GOAL_TYPES as readonly unknown[]).includes(v);
const given = (body: Record<string, unknown>, name: string) => body[name] !== undefined && body[name] !== null && body[name] !== '';

/** The currencies Intl knows, read once when first asked. */
let currencies: Set<string> | undefined;
const knownCurrency = (code: string) => (currencies ??= new Set(Intl.supportedValuesOf('currency'))).has(code);

/** The goal a PUT body describes, or the 400 that says what is wrong with it. */
export function checkGoal(body: Record<string, unknown>): GoalInput {
  const type = body.goal_type;
  if (type === undefined || type === null || type === '') throw badRequest('invalid_goal_type', '"goal_type" is required: event or page');
  if (!isGoalType(type)) throw badRequest('invalid_goal_type', `"goal_type" must be event or page, got ${JSON.stringify(type)}`);
  const other = type === 'event' ? 'page_path' : 'event_name';
  if (given(body, other)) throw badRequest('invalid_field', `"${other}" is not part of ${type === 'event' ? 'an event' : 'a page'} goal`);

  const event_name = type === 'event' ? stringField(body, 'event_name', GOAL_LIMITS.event_name) : '';
  const page_path = type === 'page' ? stringField(body, 'page_path', GOAL_LIMITS.page_path) : '';
  if (type === 'page' && !page_path.startsWith('/')) {
    throw badRequest('invalid_page_path', `"page_path" must start with "/", got "${page_path}"`);
  }
  const display_name = given(body, 'display_name')
    ? stringField(body, 'display_name', GOAL_LIMITS.display_name)
    : type === 'event' ? event_name : `Visit ${page_path}`;

  let currency = '';
  if (given(body, 'currency')) {
    if (type === 'page') throw badRequest('invalid_currency', 'Only an event goal has a "currency" (a revenue goal)');
    currency = stringField(body, 'currency', 3).toUpperCase();
    if (!knownCurrency(currency)) throw badRequest('invalid_currency', `"currency" must be an ISO 4217 code such as EUR or SEK, got "${currency}"`);
  }
  return { goal_type: type, event_name, page_path, display_name, currency };
}

/** A stored goal as the Sites API answers it: Plausible's nulls for the other type's field. */
export function goalView(goal: GoalRecord): GoalAnswer {
  return {
    id: Number(goal.id),
    goal_type: goal.goal_type,
    display_name: goal.display_name,
    event_name: goal.goal_type === 'event' ? goal.event_name : null,
    page_path: goal.goal_type === 'page' ? goal.page_path : null,
    currency: goal.currency || null,
  };
}

const PAGE_LIMIT = { default: 100, max: 1000 };

/** One page of a list that is newest first (ids descending), by Plausible's cursor parameters. */
export function goalsPage(all: GoalAnswer[], query: { limit?: unknown; after?: unknown; before?: unknown }): GoalsAnswer {
  const limit = query.limit === undefined ? PAGE_LIMIT.default : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMIT.max) {
    throw badRequest('invalid_limit', `"limit" must be a whole number from 1 to ${PAGE_LIMIT.max}`);
  }
  const cursor = (name: 'after' | 'before') => {
    const v = query[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !/^[1-9]\d{0,15}$/.test(v)) throw badRequest('invalid_cursor', `"${name}" is not a cursor from an earlier answer`);
    return Number(v);
  };
  const after = cursor('after');
  const before = cursor('before');
  if (after !== undefined && before !== undefined) throw badRequest('invalid_cursor', 'Send "after" or "before", not both');
  const newest = [...all].sort((a, b) => b.id - a.id);
  let goals: GoalAnswer[];
  if (before !== undefined) {
    const newer = newest.filter((g) => g.id > before);
    goals = newer.slice(Math.max(0, newer.length - limit));
  } else {
    goals = newest.filter((g) => after === undefined || g.id < after).slice(0, limit);
  }
  const first = goals[0];
  const last = goals[goals.length - 1];
  return {
    goals,
    meta: {
      after: last && newest.some((g) => g.id < last.id) ? String(last.id) : null,
      before: first && newest.some((g) => g.id > first.id) ? String(first.id) : null,
      limit,
    },
  };
}

/** The same goal: an event goal by its event's name, a page goal by its pattern. */
const sameGoal = (a: GoalInput, b: GoalInput) =>
  a.goal_type === b.goal_type && (a.goal_type === 'event' ? a.event_name === b.event_name : a.page_path === b.page_path);

/**
 * Finding, making and deleting goals, one change at a time: a new id is read from the store and
 * then written, and two requests interleaved there would take the same one (records.nextGoalId).
 */
export function goalBook(records: Records) {
  let last: Promise<unknown> = Promise.resolve();
  function serially<T>(change: () => Promise<T>): Promise<T> {
    const run = last.then(change, change);
    last = run.catch(() => undefined);
    return run;
  }

  return {
    list: (site: string) => records.listGoals(site),

    /** The site's goal like `input`, as it was; or a new one. */
    /** The goal, and whether it is new (an equal goal of the site is answered as it is). */
    findOrCreate: (site: string, input: GoalInput): Promise<{ goal: GoalRecord; created: boolean }> =>
      serially(async () => {
        const goals = await records.listGoals(site);
        const same = goals.find((g) => sameGoal(g, input));
        if (same) return { goal: same, created: false };
        if (goals.some((g) => g.display_name === input.display_name)) {
          throw badRequest('goal_name_taken', `Another goal of this site is named "${input.display_name}"; choose another "display_name"`);
        }
        const goal: GoalRecord = { id: await records.nextGoalId(), site, ...input };
        await records.putGoal(goal);
        return { goal, created: true };
      }),

    /** Deletes the goal and answers it. */
    remove: (site: string, id: string): Promise<GoalRecord> =>
      serially(async () => {
        const goal = (await records.listGoals(site)).find((g) => g.id === id);
        if (!goal) throw new LagomError(404, 'goal_not_found', `The site has no goal with id "${id}"`);
        await records.deleteGoal(goal);
        return goal;
      }),
  };
}

export type GoalBook = ReturnType<typeof goalBook>;

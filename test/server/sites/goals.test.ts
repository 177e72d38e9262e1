import { describe, expect, it } from 'vitest';
import type { GoalAnswer } from '../../../protocol/sites.js';
import { checkGoal, goalsPage, goalView } from '../../../server/sites/goals.js';

const goal = (id: number): GoalAnswer => ({ id, goal_type: 'event', display_name: `g${id}`, event_name: `g${id}`, page_path: null, currency: null });
const ids = (a: { goals: GoalAnswer[] }) => a.goals.map((g) => g.id);

describe('checkGoal', () => {
  it('names a goal as Plausible does unless a display_name is given', () => {
    expect(checkGoal({ goal_type: 'event', event_name: ' Signup ' })).toEqual({ goal_type: 'event', event_name: 'Signup', page_path: '', display_name: 'Signup', currency: '' });
    expect(checkGoal({ goal_type: 'page', page_path: '/blog/*' })).toMatchObject({ page_path: '/blog/*', display_name: 'Visit /blog/*' });
    expect(checkGoal({ goal_type: 'page', page_path: '/a', display_name: '', event_name: null })).toMatchObject({ display_name: 'Visit /a' });
    expect(checkGoal({ goal_type: 'event', event_name: 'Buy', display_name: 'Bought', currency: 'eur' })).toMatchObject({ display_name: 'Bought', currency: 'EUR' });
  });

  it.each([
    [{ goal_type: 'Event', event_name: 'x' }, 'invalid_goal_type'],
    [{ goal_type: 'event', event_name: 3 }, 'invalid_field'],
    [{ goal_type: 'page', page_path: 'https://example.com/x' }, 'invalid_page_path'],
    [{ goal_type: 'page', page_path: '/x', event_name: 'x' }, 'invalid_field'],
    [{ goal_type: 'event', event_name: 'x', currency: 'EURO' }, 'invalid_field'],
    [{ goal_type: 'event', event_name: 'x', currency: 'ABC' }, 'invalid_currency'],
  ])('refuses %j with %s', (body, code) => {
    expect(() => checkGoal(body)).toThrow(expect.objectContaining({ code, status: 400 }));
  });
});

describe('goalView', () => {
  it('answers the other kind\'s field and a missing currency as null', () => {
    expect(goalView({ id: '7', site: 's', goal_type: 'page', event_name: '', page_path: '/x', display_name: 'Visit /x', currency: '' })).toEqual({
      id: 7, goal_type: 'page', display_name: 'Visit /x', event_name: null, page_path: '/x', currency: null,
    });
  });
});

describe('goalsPage', () => {
  const all = [1, 2, 3, 4, 5].map(goal);
  it('is newest first, one page when it fits', () => {
    expect(goalsPage(all, {})).toEqual({ goals: [5, 4, 3, 2, 1].map(goal), meta: { after: null, before: null, limit: 100 } });
    expect(goalsPage([], {})).toEqual({ goals: [], meta: { after: null, before: null, limit: 100 } });
  });

  it('walks forward with after and back with before', () => {
    const first = goalsPage(all, { limit: '2' });
    expect([ids(first), first.meta]).toEqual([[5, 4], { after: '4', before: null, limit: 2 }]);
    const second = goalsPage(all, { limit: '2', after: '4' });
    expect([ids(second), second.meta]).toEqual([[3, 2], { after: '2', before: '3', limit: 2 }]);
    const last = goalsPage(all, { limit: '2', after: '2' });
    expect([ids(last), last.meta]).toEqual([[1], { after: null, before: '1', limit: 2 }]);
    expect(ids(goalsPage(all, { limit: '2', before: '1' }))).toEqual([3, 2]);
    expect(ids(goalsPage(all, { limit: '2', before: '3' }))).toEqual([5, 4]);
    // a cursor whose goal was deleted meanwhile still places the page
    expect(ids(goalsPage([1, 2, 4, 5].map(goal), { limit: '2', after: '3' }))).toEqual([2, 1]);
  });

  it.each([
    [{ limit: '1.5' }, 'invalid_limit'],
    [{ limit: ['1', '2'] }, 'invalid_limit'],
    [{ after: '0' }, 'invalid_cursor'],
    [{ before: '-1' }, 'invalid_cursor'],
    [{ after: ['1', '2'] }, 'invalid_cursor'],
  ])('refuses %j', (query, code) => {
    expect(() => goalsPage(all, query)).toThrow(expect.objectContaining({ code }));
  });
});

// Pageview goals, exact for the visitor, on the real engine: a site's own script learns the
// site's pageview goals (their patterns travel in the script) and sends `gv`, the difference
// between "first time today for the goal" and "first view of this page today"; the collector
// books it beside the pageview, and a goal over several pages then has each visitor once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackerPattern } from '../../server/sites/script.js';
import { postEvent } from '../helpers/events.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

const SITE = 'pagegoals.test';
let lagom: TestLagom;
let blog: string;
let about: string;

async function putGoal(body: Record<string, unknown>): Promise<{ id: number }> {
  const res = await fetch(`${lagom.url}/api/v1/sites/goals`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ site_id: SITE, ...body }),
  });
  return res.json();
}
const view = (path: string, flags: Record<string, unknown>) =>
  postEvent(lagom.url, { n: 'pageview', u: `https://${SITE}${path}`, d: SITE, w: 1280, ...flags });

beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite(SITE);
  blog = String((await putGoal({ goal_type: 'page', page_path: '/blog/**' })).id);
  about = String((await putGoal({ goal_type: 'page', page_path: '/about' })).id);
  await putGoal({ goal_type: 'event', event_name: 'Signup' });
  // Visitor 1 reads two blog posts: the second is a first view of its page but not of the goal.
  expect((await view('/blog/one', { fv: 1, fp: 1, fs: 1 })).status).toBe(202);
  expect((await view('/blog/two', { fp: 1, gv: { [blog]: -1 } })).status).toBe(202);
  // Visitor 2 reads one post and the about page.
  await view('/blog/one', { fv: 1, fp: 1, fs: 1 });
  await view('/about', { fp: 1 });
  await lagom.flush();
});
afterAll(() => lagom?.stop());

describe('pageview goals over several pages', () => {
  it('count each visitor once in an event:goal filter, with every pageview', async () => {
    const { results } = await lagom.stats('aggregate', { site_id: SITE, period: 'day', metrics: 'visitors,pageviews', filters: 'event:goal==Visit /blog/**' });
    expect(results).toEqual({ visitors: { value: 2 }, pageviews: { value: 3 } });
  });

  it('count each visitor once in a goal breakdown, and a goal\'s correction never reaches another goal', async () => {
    const { results } = await lagom.stats('breakdown', { site_id: SITE, period: 'day', property: 'event:goal', metrics: 'visitors,events' });
    expect(results).toEqual([
      { goal: 'Visit /blog/**', visitors: 2, events: 3 },
      { goal: 'Visit /about', visitors: 1, events: 1 },
    ]);
  });

  it('leave every other number as it was: pages, visitors, the page breakdown', async () => {
    const total = await lagom.stats('aggregate', { site_id: SITE, period: 'day', metrics: 'visitors,pageviews,events' });
    expect(total.results).toEqual({ visitors: { value: 2 }, pageviews: { value: 4 }, events: { value: 4 } });
    const pages = await lagom.stats('breakdown', { site_id: SITE, period: 'day', property: 'event:page', metrics: 'visitors,pageviews' });
    expect(pages.results).toEqual([
      { page: '/blog/one', visitors: 2, pageviews: 2 },
      { page: '/about', visitors: 1, pageviews: 1 },
      { page: '/blog/two', visitors: 1, pageviews: 1 },
    ]);
    const names = await lagom.stats('breakdown', { site_id: SITE, period: 'day', property: 'event:name', metrics: 'visitors,events' });
    expect(names.results).toEqual([{ name: 'pageview', visitors: 2, events: 4 }]);
  });

  it('refuses a gv that is not goal ids with -1 or 1', async () => {
    for (const gv of [{ x: -1 }, { [blog]: 2 }, [1], { [blog]: '-1' }]) {
      const res = await view('/blog/three', { fp: 1, gv });
      expect(res.status, JSON.stringify(gv)).toBe(400);
      expect((await res.json()).error).toMatch(/"gv"/);
    }
  });
});

describe('the patterns a site\'s script carries', () => {
  it('match the path as the tracker sends it: percent-escaped, and "#" as "%23" in hash mode', () => {
    const re = (p: string) => new RegExp(trackerPattern(p));
    expect(re('/blog/**').test('/blog/a/b')).toBe(true);
    expect(re('/blog/*').test('/blog/a/b')).toBe(false);
    expect(re('/café').test('/caf%C3%A9')).toBe(true);
    expect(re('/#/about').test('/%23/about')).toBe(true);
    expect(re('/a.b').test('/aXb')).toBe(false);
  });

  it('are in the site\'s script once the site has pageview goals, and the script answers for them', async () => {
    const code = await (await fetch(`${lagom.url}/js/${SITE}.js`)).text();
    const data = JSON.parse(/\{\.\.\.(\{.*?\]\]\}),\.\.\./.exec(code)![1]!);
    expect(data.goals).toEqual([[blog, trackerPattern('/blog/**')], [about, trackerPattern('/about')]]);
    expect(code).toContain('.gv');
    await lagom.addSite('nogoals.test');
    expect(await (await fetch(`${lagom.url}/js/nogoals.test.js`)).text()).not.toContain('.gv');
  });
});

// Revenue goals on the real engine: a custom event's amount (wire fields ra, rc) is summed per
// currency, read in the goal's currency as total_revenue and average_revenue, and never mixed
// with another currency's amounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_UA, postEvent } from '../helpers/events.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

const site = 'shop.test';
let lagom: TestLagom;

async function putGoal(goal: Record<string, string>): Promise<void> {
  const res = await fetch(`${lagom.url}/api/v1/sites/goals`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ site_id: site, ...goal }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const event = (n: string, extra: Record<string, unknown> = {}) => ({ v: 1, n, u: `https://${site}/checkout`, d: site, fv: 1, fg: 1, ...extra });

beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite(site);
  await putGoal({ goal_type: 'event', event_name: 'Purchase', currency: 'SEK' });
  await putGoal({ goal_type: 'event', event_name: 'Signup' });
  const sent = [
    event('Purchase', { ra: 249, rc: 'SEK' }),
    event('Purchase', { ra: 10.29, rc: 'sek' }),
    // Another currency is kept apart: never added to the SEK goal's revenue.
    event('Purchase', { ra: 99, rc: 'EUR' }),
    event('Signup'),
  ];
  for (const e of sent) expect((await postEvent(lagom.url, e, { 'user-agent': CHROME_UA })).status).toBe(202);
  await lagom.flush();
});
afterAll(() => lagom.stop());

describe('revenue goals', () => {
  it('sums the amounts in the goal currency: total and average per conversion', async () => {
    const { results } = await lagom.stats('aggregate', { site_id: site, period: 'day', metrics: 'events,total_revenue,average_revenue', filters: 'event:goal==Purchase' });
    expect(results).toEqual({ events: { value: 3 }, total_revenue: { value: 259.29 }, average_revenue: { value: 129.65 } });
  });

  it('answers revenue per revenue goal in a goal breakdown, with its currency, and null for the others', async () => {
    const { results } = await lagom.stats('breakdown', { site_id: site, period: 'day', property: 'event:goal', metrics: 'events,total_revenue,average_revenue' });
    expect(results).toEqual([
      { goal: 'Purchase', events: 3, total_revenue: 259.29, average_revenue: 129.65, currency: 'SEK' },
      { goal: 'Signup', events: 1, total_revenue: null, average_revenue: null },
    ]);
  });

  it('is null without a revenue goal in the question', async () => {
    const { results } = await lagom.stats('aggregate', { site_id: site, period: 'day', metrics: 'total_revenue' });
    expect(results).toEqual({ total_revenue: { value: null } });
  });

  it('refuses an amount without its currency, and a currency that is no code', async () => {
    for (const [extra, field] of [[{ ra: 5 }, '"ra"'], [{ ra: 5, rc: 'kronor' }, '"rc"'], [{ rc: 'SEK' }, '"rc"']] as const) {
      const res = await postEvent(lagom.url, event('Purchase', extra), { 'user-agent': CHROME_UA });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; code: string };
      expect(body.code).toBe('invalid_event');
      expect(body.error).toContain(field);
    }
  });
});

// visit:channel through the real engine: events posted as the tracker sends them (referrer,
// UTM parameters in the page URL), then the breakdown, filters and a timeseries asked of the
// Stats API. The cases are Plausible's acquisition rules (its acquisition_test.exs) in Lagom's
// terms: a referrer or a UTM tag, and the source name Lagom's ingest gives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sources from '../../server/ingest/sources.json' with { type: 'json' };
import { CHANNELS } from '../../server/store/channels.js';
import { postEvent } from '../helpers/events.js';
import { startLagom, type TestLagom } from '../helpers/lagom.js';

interface Case {
  /** the page's query: UTM parameters */
  q?: string;
  /** the referrer */
  r?: string;
  channel: (typeof CHANNELS)[number];
}

const CASES: Case[] = [
  { channel: 'Direct' },
  { q: 'utm_campaign=Cross-Network-Q3', channel: 'Cross-network' },
  { q: 'utm_campaign=shopping&utm_medium=paid', channel: 'Paid Shopping' },
  { r: 'https://shopify.com/', q: 'utm_medium=paid', channel: 'Paid Shopping' },
  { r: 'https://duckduckgo.com/', q: 'utm_medium=paid', channel: 'Paid Search' },
  { q: 'utm_source=google&utm_medium=cpc', channel: 'Paid Search' },
  { q: 'utm_source=Adwords', channel: 'Paid Search' },
  { q: 'utm_source=tiktok&utm_medium=paid', channel: 'Paid Social' },
  { q: 'utm_source=fb-ads', channel: 'Paid Social' },
  { r: 'https://www.youtube.com/', q: 'utm_medium=ppc', channel: 'Paid Video' },
  { q: 'utm_source=yt-ads', channel: 'Paid Video' },
  { q: 'utm_medium=banner', channel: 'Display' },
  { r: 'https://www.google.com/', q: 'utm_medium=display', channel: 'Display' },
  { q: 'utm_medium=cpc', channel: 'Paid Other' },
  { r: 'https://walmart.com/', channel: 'Organic Shopping' },
  { q: 'utm_campaign=summer-shop', channel: 'Organic Shopping' },
  { r: 'https://www.facebook.com/', channel: 'Organic Social' },
  { q: 'utm_source=ig', channel: 'Organic Social' },
  { q: 'utm_medium=social', channel: 'Organic Social' },
  { r: 'https://github.com/', channel: 'Organic Social' },
  { r: 'https://news.ycombinator.com/', channel: 'Organic Social' },
  { r: 'https://vimeo.com/', channel: 'Organic Video' },
  { q: 'utm_source=yt', channel: 'Organic Video' },
  { q: 'utm_medium=video', channel: 'Organic Video' },
  { r: 'https://chatgpt.com/', channel: 'AI Assistants' },
  { r: 'https://www.perplexity.ai/', channel: 'AI Assistants' },
  { r: 'https://www.bing.com/', channel: 'Organic Search' },
  { r: 'https://search.brave.com/', channel: 'Organic Search' },
  { r: 'https://kagi.com/', channel: 'Organic Search' },
  { q: 'utm_source=DuckDuckGo', channel: 'Organic Search' },
  { q: 'utm_medium=email', channel: 'Email' },
  { r: 'https://mail.google.com/', channel: 'Email' },
  { q: 'utm_source=Newsletter-UK', channel: 'Email' },
  { q: 'utm_medium=affiliate', channel: 'Affiliates' },
  { q: 'utm_medium=audio', channel: 'Audio' },
  { q: 'utm_source=sms', channel: 'SMS' },
  { q: 'utm_medium=app-push', channel: 'Mobile Push Notifications' },
  { q: 'utm_medium=example-mobile', channel: 'Mobile Push Notifications' },
  { r: 'https://othersite.com/', channel: 'Referral' },
  { q: 'utm_medium=referral', channel: 'Referral' },
  // Plausible's categories name neither Wikipedia nor any webmail but Gmail.
  { r: 'https://en.wikipedia.org/wiki/Lagom', channel: 'Referral' },
  { r: 'https://outlook.live.com/', channel: 'Referral' },
];

/** The channel of a visit from each source Lagom names (server/ingest/sources.json), by name. */
const NAMED: Record<string, (typeof CHANNELS)[number]> = {
  Perplexity: 'AI Assistants', ChatGPT: 'AI Assistants', YouTube: 'Organic Video', Gmail: 'Email',
  Startpage: 'Referral', 'Outlook.com': 'Referral', 'Yahoo! Mail': 'Referral', 'Proton Mail': 'Referral', Fastmail: 'Referral',
  GitHub: 'Organic Social', 'Stack Overflow': 'Organic Social', 'Product Hunt': 'Organic Social', Wikipedia: 'Referral',
};
const GROUP_CHANNEL: Record<string, (typeof CHANNELS)[number]> = { search: 'Organic Search', social: 'Organic Social' };
const NAMES = Object.entries(sources).flatMap(([group, entries]) =>
  group.startsWith('_') ? [] : Object.entries(entries as Record<string, string[]>).map(([name, hosts]) => ({ name, host: hosts[0]!, channel: NAMED[name] ?? GROUP_CHANNEL[group] })),
);
const NAMES_SITE = 'names.channels.test';

const ALL = 'all.channels.test';
const siteOf = (i: number) => `c${i}.channels.test`;

/** One browser's first pageview, of a visit with the case's referrer and tags. */
function visit(site: string, c: Pick<Case, 'q' | 'r'>) {
  return postEvent(lagomUrl(), {
    n: 'pageview', u: `https://${site}/${c.q ? `?${c.q}` : ''}`, d: site, fv: 1, fp: 1, fs: 1, fm: 1, b: 1, e: '/', w: 1440,
    ...(c.r ? { r: c.r } : {}),
  });
}

let lagom: TestLagom;
const lagomUrl = () => lagom.url;

beforeAll(async () => {
  lagom = await startLagom();
  await lagom.addSite(ALL);
  await lagom.addSite(NAMES_SITE);
  for (const { host } of NAMES) expect((await visit(NAMES_SITE, { r: `https://${host}/` })).status).toBe(202);
  for (const [i, c] of CASES.entries()) {
    await lagom.addSite(siteOf(i));
    expect((await visit(siteOf(i), c)).status).toBe(202);
    expect((await visit(ALL, c)).status).toBe(202);
  }
  await lagom.flush();
});
afterAll(() => lagom.stop());

const day = (site: string, extra: Record<string, string>) => ({ site_id: site, period: 'day', ...extra });

describe('visit:channel', () => {
  it('covers every channel', () => {
    expect(new Set(CASES.map((c) => c.channel))).toEqual(new Set(CHANNELS));
  });

  it.each(CASES.map((c, i) => [i, c.r ?? '', c.q ?? '', c.channel] as const))('#%i referrer "%s", query "%s": %s', async (i, _r, _q, channel) => {
    const body = await lagom.stats('breakdown', day(siteOf(i), { property: 'visit:channel', metrics: 'visitors' }));
    expect(body.results).toEqual([{ channel, visitors: 1 }]);
  });

  it("gives each of Lagom's source names its Plausible channel", async () => {
    const found: Record<string, string> = {};
    for (const channel of CHANNELS) {
      const body = await lagom.stats('breakdown', day(NAMES_SITE, { property: 'visit:source', metrics: 'visitors', limit: '100', filters: `visit:channel==${channel}` }));
      for (const r of body.results as { source: string }[]) found[r.source] = channel;
    }
    expect(found).toEqual(Object.fromEntries(NAMES.map((n) => [n.name, n.channel])));
  });

  it('breaks a site down by channel, most visitors first', async () => {
    const counts = new Map<string, number>();
    for (const c of CASES) counts.set(c.channel, (counts.get(c.channel) ?? 0) + 1);
    const expected = [...counts].map(([channel, visitors]) => ({ channel, visitors }))
      .sort((a, b) => b.visitors - a.visitors || (a.channel < b.channel ? -1 : 1));
    const body = await lagom.stats('breakdown', day(ALL, { property: 'visit:channel', metrics: 'visitors', limit: '100' }));
    expect(body.results).toEqual(expected);
  });

  it('filters by channel: is, is not, a wildcard, in a timeseries too', async () => {
    const visitors = async (filters: string) =>
      (await lagom.stats('aggregate', day(ALL, { metrics: 'visitors', filters }))).results.visitors.value as number;
    const n = (pick: (c: Case) => boolean) => CASES.filter(pick).length;
    expect(await visitors('visit:channel==Organic Search')).toBe(n((c) => c.channel === 'Organic Search'));
    expect(await visitors('visit:channel==Email|SMS')).toBe(n((c) => c.channel === 'Email' || c.channel === 'SMS'));
    expect(await visitors('visit:channel!=Direct')).toBe(CASES.length - 1);
    expect(await visitors('visit:channel==Paid*')).toBe(n((c) => c.channel.startsWith('Paid')));
    const sources = await lagom.stats('breakdown', day(ALL, { property: 'visit:source', metrics: 'visitors', filters: 'visit:channel==AI Assistants' }));
    expect(sources.results).toEqual([{ source: 'ChatGPT', visitors: 1 }, { source: 'Perplexity', visitors: 1 }]);
    const series = await lagom.stats('timeseries', day(ALL, { metrics: 'visitors', interval: 'date', filters: 'visit:channel==Referral' }));
    expect(series.results).toEqual([{ date: expect.any(String), visitors: n((c) => c.channel === 'Referral') }]);
  });
});

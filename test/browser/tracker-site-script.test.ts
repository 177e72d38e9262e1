// A site's own script (/js/<domain>.js) in real Chromium against a real Lagom: each feature its
// settings switch on does its work, each one left off sends nothing, and the site's other
// settings (hash routing, consent, privacy page) arrive without an attribute on the embed.
import { describe, expect, it } from 'vitest';
import type { TrackerFlag } from '../../protocol/tracker.js';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { ALLOW, call, expectQuiet, expectSent, names, navigate, openTab, sleep, type Tab, until } from './tracker-fixture.js';

const CONSENT = "lagom('consent', true)";
const FORM = '<form id="form" action="/files/sent"><input id="email" name="email" required><button id="send">Send</button></form>';

describe.skipIf(!hasChromium).concurrent('a site\'s own script in Chromium', () => {
  const { lagom, browser, fixture } = browserSuite({ fixture: true });
  let sites = 0;

  /** A site of its own with these features on (and its other settings), open in a tab. */
  async function open(features: TrackerFlag[], o: { settings?: Record<string, unknown>; attrs?: string; pre?: string; hash?: string } = {}): Promise<Tab & { site: string }> {
    const site = `own${++sites}.example.com`;
    await lagom.addSite(site);
    await lagom.configureSite(site, {
      tracker_script_configuration: Object.fromEntries(features.map((f) => [f, true])),
      consent: { mode: 'manual' },
      ...o.settings,
    });
    const tab = await openTab(browser, fixture.url + fixture.path('/', { site, src: `js/${site}.js`, pre: o.pre ?? CONSENT, attrs: o.attrs ?? ALLOW }) + (o.hash ?? ''));
    await expectSent(tab, 1);
    return { ...tab, site };
  }
  const addForm = (tab: Tab) => tab.page.evaluate((html) => document.body.insertAdjacentHTML('afterbegin', html), FORM);
  /** The tracker's files the page loaded besides the site's script. */
  const optionalFiles = (tab: Tab) =>
    tab.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/lagom')));

  it('with no feature on, sends pageviews only: no clicks, forms, 404s, revenue or page props, and loads no other file', async () => {
    const tab = await open([], { attrs: `${ALLOW} data-prop-author="Uku"` });
    await addForm(tab);
    await tab.page.click('#tagged');
    await tab.page.click('#pdf');
    await tab.page.fill('#email', 'someone@example.com');
    await tab.page.evaluate(() => document.querySelector('form')!.addEventListener('submit', (e) => e.preventDefault()));
    await tab.page.click('#send');
    await call(tab.page, '404');
    await call(tab.page, 'event', 'Purchase', { revenue: { currency: 'SEK', amount: 10 } });
    await expectSent(tab, 2);
    expect(names(tab.sent)).toEqual(['pageview', 'Purchase']);
    expect(tab.sent[0]!.p).toBeUndefined();
    // Without revenue tracking, `revenue` is a prop like any other, not an amount.
    expect(tab.sent[1]!.ra).toBeUndefined();
    await tab.page.click('#out');
    await tab.page.waitForURL(/\/blank/);
    await expectQuiet(tab, 2);
    expect(await optionalFiles(tab)).toEqual([]);
    await tab.context.close();
  });

  it('outbound_links alone: an outbound click counts, a download does not', async () => {
    const tab = await open(['outbound_links']);
    await tab.page.click('#pdf');
    await tab.page.click('#out');
    await tab.page.waitForURL(/\/blank/);
    await expectSent(tab, 2);
    expect(tab.sent[1]).toMatchObject({ n: 'Outbound Link: Click', p: { url: `${fixture.otherOrigin}/blank` } });
    expect(JSON.stringify(tab.sent)).not.toContain('secret');
    await tab.context.close();
  });

  it('file_downloads alone: a download counts, an outbound click does not; data-outbound on the embed cannot add it', async () => {
    const tab = await open(['file_downloads'], { attrs: `${ALLOW} data-outbound="true"` });
    await tab.page.click('#zip');
    await tab.page.click('#md');
    await expectSent(tab, 2);
    expect(tab.sent[1]).toMatchObject({ n: 'File Download', p: { url: `${fixture.url}/files/archive.zip` } });
    await tab.page.click('#out');
    await tab.page.waitForURL(/\/blank/);
    await expectQuiet(tab, 2);
    await tab.context.close();
  });

  it('an attribute on the embed still narrows a feature the site has on (data-outbound="false")', async () => {
    const tab = await open(['outbound_links'], { attrs: `${ALLOW} data-outbound="false"` });
    await tab.page.click('#out');
    await tab.page.waitForURL(/\/blank/);
    await expectQuiet(tab, 1);
    await tab.context.close();
  });

  it('tagged_events: a tagged element sends its event with its props; nothing else does', async () => {
    const tab = await open(['tagged_events']);
    await tab.page.click('#inner');
    await tab.page.click('#zip');
    await expectSent(tab, 2);
    expect(tab.sent[1]).toMatchObject({ n: 'Signup', p: { plan: 'pro', 'billing-cycle': 'yearly' } });
    await expectQuiet(tab, 2);
    await tab.context.close();
  });

  it('form_submissions: a submission counts once, nothing of the form is sent, and a form its validation stops sends nothing', async () => {
    const tab = await open(['form_submissions']);
    await addForm(tab);
    await tab.page.evaluate(() => document.querySelector('form')!.addEventListener('submit', (e) => e.preventDefault()));
    await tab.page.click('#send'); // empty required field: the browser does not submit
    await expectQuiet(tab, 1);
    await tab.page.fill('#email', 'someone@example.com');
    await tab.page.click('#send');
    await expectSent(tab, 2);
    expect(tab.sent[1]).toMatchObject({ n: 'Form: Submission', u: `${fixture.url}/` });
    expect(tab.sent[1]!.p).toBeUndefined();
    expect(JSON.stringify(tab.sent)).not.toContain('someone');
    await tab.context.close();
  });

  it('track_404_pages: lagom("404") sends Plausible\'s "404" event with the missing path', async () => {
    const tab = await open(['track_404_pages']);
    await navigate(tab.page, '/no-such-page');
    await call(tab.page, '404');
    await expectSent(tab, 3);
    expect(tab.sent[2]).toMatchObject({ n: '404', p: { path: '/no-such-page' } });
    await tab.context.close();
  });

  it('revenue_tracking: a revenue goal\'s amount and currency travel in their own fields, leaving the page\'s object as it was', async () => {
    const tab = await open(['revenue_tracking']);
    const kept = await tab.page.evaluate(() => {
      const props = { plan: 'pro', revenue: { currency: 'SEK', amount: 249.5 } };
      (window as unknown as { lagom: (...a: unknown[]) => void }).lagom('event', 'Purchase', props);
      return JSON.stringify(props);
    });
    await expectSent(tab, 2);
    expect(tab.sent[1]).toMatchObject({ n: 'Purchase', ra: 249.5, rc: 'SEK' });
    expect(tab.sent[1]!.p).toEqual({ plan: 'pro' });
    expect(JSON.parse(kept)).toEqual({ plan: 'pro', revenue: { currency: 'SEK', amount: 249.5 } });
    await tab.context.close();
  });

  it('pageview_props: data-prop-* on the embed are the pageviews\' props, not the custom events\', and the Stats API breaks them down', async () => {
    const tab = await open(['pageview_props'], { attrs: `${ALLOW} data-prop-author="Uku" data-prop-blog_section="news &amp; views"` });
    await call(tab.page, 'event', 'Share', { network: 'mastodon' });
    await expectSent(tab, 2);
    expect(tab.sent[0]).toMatchObject({ n: 'pageview', p: { author: 'Uku', blog_section: 'news & views' } });
    expect(tab.sent[1]!.p).toEqual({ network: 'mastodon' });
    await tab.context.close();
    await lagom.flush();
    const { results } = await lagom.stats('breakdown', { site_id: tab.site, period: 'day', property: 'event:props:author', metrics: 'visitors,pageviews', filters: 'event:name==pageview' });
    expect(results).toEqual([{ author: 'Uku', visitors: 1, pageviews: 1 }]);
  });

  it('engagement: moving on to the next page sends the engaged time and scroll depth of the one before', async () => {
    const tab = await open(['engagement']);
    await until(() => tab.page.evaluate(() => typeof (window as unknown as { lagom: { h?: unknown } }).lagom.h == 'function'), 'engagement hook');
    await tab.page.bringToFront();
    await sleep(300);
    await navigate(tab.page, '/next');
    await expectSent(tab, 3);
    expect(names(tab.sent)).toEqual(['pageview', 'engagement', 'pageview']);
    expect(tab.sent[1]).toMatchObject({ u: `${fixture.url}/`, s: expect.any(Number) });
    expect(tab.sent[1]!.t).toBeGreaterThan(0);
    await tab.context.close();
  });

  it('hash_based_routing from the settings: each route is a page, with no data-hash on the embed', async () => {
    const tab = await open([], { settings: { tracker_script_configuration: { hash_based_routing: true } }, hash: '#/start' });
    await tab.page.evaluate(() => (location.hash = '#/about'));
    await expectSent(tab, 2);
    expect(tab.sent.map((e) => e.u)).toEqual([`${fixture.url}/%23/start`, `${fixture.url}/%23/about`]);
    await tab.context.close();
  });

  it('the consent banner and the privacy page come from the settings: nothing is sent before Accept', async () => {
    const tab = await openTab(browser, 'about:blank');
    const site = `own${++sites}.example.com`;
    await lagom.addSite(site);
    await lagom.configureSite(site, { privacy_policy_url: 'https://example.com/integritet' });
    await tab.page.goto(fixture.url + fixture.path('/', { site, src: `js/${site}.js`, pre: '', attrs: ALLOW }));
    const banner = tab.page.locator('lagom-banner >> internal:role=button[name="Accept"i]');
    await banner.waitFor();
    expect(await tab.page.locator('lagom-banner a').getAttribute('href')).toBe('https://example.com/integritet');
    await expectQuiet(tab, 0);
    await banner.click();
    await expectSent(tab, 1);
    expect(tab.sent[0]).toMatchObject({ n: 'pageview', d: site });
    await tab.context.close();
  });

  it('pageview goals: the script knows the site\'s goals and sends how each goal\'s visitors differ from the page\'s', async () => {
    const site = `own${++sites}.example.com`;
    await lagom.addSite(site);
    await lagom.configureSite(site, { consent: { mode: 'manual' } });
    const goal = async (page_path: string) => {
      const res = await fetch(`${lagom.url}/api/v1/sites/goals`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${lagom.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ site_id: site, goal_type: 'page', page_path }),
      });
      return String(((await res.json()) as { id: number }).id);
    };
    const blog = await goal('/blog/**');
    const exact = await goal('/blog/two');
    const tab = await openTab(browser, fixture.url + fixture.path('/blog/one', { site, src: `js/${site}.js`, pre: CONSENT, attrs: ALLOW }));
    await expectSent(tab, 1);
    await navigate(tab.page, '/blog/two'); // a new page, but not a new visitor of "/blog/**"
    await navigate(tab.page, '/blog/one'); // seen today: no first view, nothing to correct
    await expectSent(tab, 3);
    expect(tab.sent.map((e) => [e.fp, e.gv])).toEqual([[1, undefined], [1, { [blog]: -1 }], [undefined, undefined]]);
    expect(exact).not.toBe(blog);
    await tab.context.close();
    await lagom.flush();
    const { results } = await lagom.stats('breakdown', { site_id: site, period: 'day', property: 'event:goal', metrics: 'visitors,events' });
    expect(results).toEqual([
      { goal: 'Visit /blog/**', visitors: 1, events: 3 },
      { goal: 'Visit /blog/two', visitors: 1, events: 1 },
    ]);
  });
});

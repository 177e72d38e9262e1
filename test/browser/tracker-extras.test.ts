// The extras (lagom-extras.js, loaded with data-extras) in real Chromium against a real Lagom:
// engagement time and scroll depth, outbound links, file downloads and tagged elements — the
// events they send, the ones they must not, and what the Stats API makes of them.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import {
  ALLOW,
  call,
  expectQuiet,
  expectSent,
  names,
  navigate,
  sleep,
  USER_AGENT,
  type Tab,
  until,
} from './tracker-fixture.js';

const CONSENT = "lagom('consent', true)";
const EXTRAS = `${ALLOW} data-extras`;

/** The depth the extras should report for the page as it is scrolled now (the collector rounds it). */
const depthNow = (page: Page) =>
  page.evaluate(() => ((scrollY + innerHeight) * 100) / document.documentElement.scrollHeight);
/** Waits until lagom-extras.js has run (it loads after the core, as a module). */
async function extrasLoaded(page: Page): Promise<void> {
  // With engagement on, it sets the core's pageview hook; otherwise its download is the sign
  // (Playwright's fake clock hides resource timing, so clock tests keep engagement on).
  await until(
    () =>
      page.evaluate(
        () =>
          typeof (window as unknown as { lagom: { h?: unknown } }).lagom.h == 'function' ||
          performance.getEntriesByType('resource').some((e) => e.name.includes('lagom-extras')),
      ),
    'lagom-extras.js',
  );
  // A module runs as soon as it has arrived.
  await sleep(50);
}

describe.skipIf(!hasChromium).concurrent('tracker extras in Chromium', () => {
  const { lagom, browser, fixture } = browserSuite({ sites: ['stats.example.com'], fixture: true });

  interface Options {
    /** embed attributes besides data-site and data-api (default: ALLOW and data-extras) */
    attrs?: string;
    /** script before the tracker (default: consent) */
    pre?: string;
    site?: string;
    /** let Playwright control the page's clock, so engaged time is exact and needs no waiting */
    clock?: boolean;
    init?: () => void;
  }
  let sites = 0;
  /**
   * A page of its own site, embedded with `data-api` pointing at the fixture: `sent` is what
   * reached the network for that site, including beacons sent while the page unloads.
   */
  async function open(options: Options = {}): Promise<Tab & { site: string }> {
    const site = options.site ?? `site${++sites}.example.com`;
    const context = await browser.newContext({ userAgent: USER_AGENT });
    // A paused clock: engaged time is exactly what the test fast-forwards, however slow the machine.
    if (options.clock) {
      const now = Date.now();
      await context.clock.install({ time: now });
      await context.clock.pauseAt(now + 1000);
    }
    if (options.init) await context.addInitScript(options.init);
    const page = await context.newPage();
    const attrs = `${options.attrs ?? EXTRAS} data-api="${fixture.url}"`;
    await page.goto(fixture.url + fixture.path('/', { site, pre: options.pre ?? CONSENT, attrs }));
    if ((options.attrs ?? EXTRAS).includes('data-extras')) await extrasLoaded(page);
    return {
      site,
      context,
      page,
      get sent() {
        return fixture.received.filter((e) => e.d === site);
      },
    };
  }

  it('without data-extras the file is not loaded and clicks send nothing', async () => {
    const tab = await open({ attrs: ALLOW });
    await expectSent(tab, 1);
    await tab.page.click('#zip');
    await tab.page.click('#tagged');
    await navigate(tab.page, '/next');
    await expectSent(tab, 2);
    expect(names(tab.sent)).toEqual(['pageview', 'pageview']);
    const files = await tab.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(files.filter((f) => f.includes('lagom-'))).toEqual([]);
    await tab.context.close();
  });

  describe('engagement', () => {
    it('navigating away (the page is hidden) sends the engaged time and the scroll depth', async () => {
      const tab = await open({ clock: true });
      await tab.page.evaluate(() => scrollTo(0, 2000));
      const depth = await depthNow(tab.page);
      await tab.page.clock.fastForward(5000);
      await tab.page.click('#same');
      await expectSent(tab, 3);
      expect(names(tab.sent)).toEqual(['pageview', 'engagement', 'pageview']);
      const engagement = tab.sent[1]!;
      expect(engagement.u).toBe(`${fixture.url}/`);
      expect(engagement.t).toBe(5000);
      expect(engagement.s).toBe(depth);
      expect(depth).toBeGreaterThan(40);
      expect(depth).toBeLessThan(100);
      // Not a goal: no props, and the collector counts no event for it.
      expect(engagement.p).toBeUndefined();
      await tab.context.close();
    });

    it('closing the tab sends the engagement too', async () => {
      const tab = await open({ clock: true });
      await tab.page.clock.fastForward(3000);
      await tab.page.close({ runBeforeUnload: true });
      await expectSent(tab, 2);
      expect(tab.sent[1]).toMatchObject({ n: 'engagement', u: `${fixture.url}/` });
      expect(tab.sent[1]!.t).toBe(3000);
      await tab.context.close();
    });

    it('an SPA navigation ends the previous page first: its engagement, then the new pageview', async () => {
      const tab = await open({ clock: true });
      await tab.page.clock.fastForward(2000);
      await navigate(tab.page, '/next');
      await expectSent(tab, 3);
      await tab.page.evaluate(() => scrollTo(0, 4000));
      await tab.page.clock.fastForward(3000);
      await navigate(tab.page, '/last');
      await expectSent(tab, 5);
      expect(names(tab.sent)).toEqual(['pageview', 'engagement', 'pageview', 'engagement', 'pageview']);
      const [first, second] = [tab.sent[1]!, tab.sent[3]!];
      expect([first.u, second.u]).toEqual([`${fixture.url}/`, `${fixture.url}/next`]);
      expect([first.t, second.t]).toEqual([2000, 3000]);
      // Each page has its own depth: the first was not scrolled, the second to the bottom.
      expect(first.s).toBeLessThan(40);
      expect(second.s).toBe(100);
      await tab.context.close();
    });

    it('counts only visible and focused time, and sends the depth once per page', async () => {
      // Headless Chromium pages are always visible and focused: this page is told otherwise.
      const tab = await open({
        clock: true,
        init: () => {
          const state = { focus: true, hidden: false };
          Object.assign(window, { state });
          Document.prototype.hasFocus = () => state.focus;
          Object.defineProperty(Document.prototype, 'hidden', { get: () => state.hidden });
          Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (state.hidden ? 'hidden' : 'visible') });
        },
      });
      const set = (change: { focus?: boolean; hidden?: boolean }, event: string) =>
        tab.page.evaluate(
          ([c, e]) => {
            Object.assign((window as unknown as { state: object }).state, c);
            (e === 'visibilitychange' ? document : window).dispatchEvent(new Event(e as string, { bubbles: true }));
          },
          [change, event] as const,
        );
      await tab.page.clock.fastForward(1000);
      await set({ focus: false }, 'blur');
      await tab.page.clock.fastForward(10_000); // another window has focus: not counted
      await set({ focus: true }, 'focus');
      await tab.page.clock.fastForward(1000);
      await set({ hidden: true }, 'visibilitychange');
      await expectSent(tab, 2);
      await tab.page.clock.fastForward(20_000); // hidden: not counted
      await set({ hidden: false }, 'visibilitychange');
      await tab.page.clock.fastForward(4000);
      await set({ hidden: true }, 'visibilitychange');
      await expectSent(tab, 3);
      const [first, second] = [tab.sent[1]!, tab.sent[2]!];
      expect([first.t, second.t]).toEqual([2000, 4000]);
      expect(typeof first.s).toBe('number');
      // The depth of this pageview was already sent: the average stays one depth per pageview.
      expect(second.s).toBe(-1); // "sent already": the collector takes it as no depth
      await tab.context.close();
    });

    it('sends nothing without consent, however long the visit', async () => {
      const tab = await open({ clock: true, pre: '' });
      await tab.page.clock.fastForward(5000);
      await navigate(tab.page, '/next');
      await tab.page.click('#same');
      await expectQuiet(tab, 0);
      await tab.context.close();
    });

    it('data-engagement="false" turns it off', async () => {
      const tab = await open({ attrs: `${EXTRAS} data-engagement="false"` });
      await navigate(tab.page, '/next');
      await tab.page.click('#same');
      await expectSent(tab, 3);
      expect(names(tab.sent)).toEqual(['pageview', 'pageview', 'pageview']);
      await tab.context.close();
    });
  });

  describe('clicks', () => {
    it('an outbound link click sends "Outbound Link: Click" with the link without query and fragment', async () => {
      const tab = await open();
      await tab.page.click('#out');
      await tab.page.waitForURL(/\/blank/);
      await expectSent(tab, 3);
      expect(names(tab.sent)).toEqual(['pageview', 'Outbound Link: Click', 'engagement']);
      expect(tab.sent[1]).toMatchObject({ p: { url: `${fixture.otherOrigin}/blank` }, e: '/' });
      expect(JSON.stringify(tab.sent)).not.toContain('secret');
      await tab.context.close();
    });

    it('a middle click (new tab) on an outbound link counts too; a right click does not', async () => {
      const tab = await open();
      // The middle click's new tab is not wanted here: only the click.
      await tab.page.evaluate(() => document.querySelector('#out')!.addEventListener('auxclick', (e) => e.preventDefault()));
      await tab.page.click('#out', { button: 'right' });
      await expectQuiet(tab, 1);
      await tab.page.click('#out', { button: 'middle' });
      await expectSent(tab, 2);
      expect(tab.sent[1]!.n).toBe('Outbound Link: Click');
      await tab.context.close();
    });

    it('file downloads: common extensions in any case count, with the URL without query; other links do not', async () => {
      const tab = await open();
      for (const id of ['#pdf', '#zip', '#md', '#mail']) await tab.page.click(id);
      await expectSent(tab, 3);
      expect(tab.sent.slice(1)).toMatchObject([
        { n: 'File Download', p: { url: `${fixture.url}/files/report.PDF` } },
        { n: 'File Download', p: { url: `${fixture.url}/files/archive.zip` } },
      ]);
      await tab.context.close();
    });

    it('data-downloads changes the extensions; "false" turns downloads off, data-outbound="false" outbound links', async () => {
      const md = await open({ attrs: `${EXTRAS} data-downloads="md, txt"` });
      await md.page.click('#pdf');
      await md.page.click('#md');
      await expectSent(md, 2);
      expect(md.sent[1]).toMatchObject({ n: 'File Download', p: { url: `${fixture.url}/files/notes.md` } });
      await md.context.close();

      const off = await open({ attrs: `${EXTRAS} data-downloads="false" data-outbound="false" data-engagement="false"` });
      await off.page.click('#pdf');
      await off.page.click('#out');
      await off.page.waitForURL(/\/blank/);
      await expectQuiet(off, 1);
      await off.context.close();
    });

    it('data-lagom-event on an element sends that event on click, with props from data-lagom-prop-*', async () => {
      const tab = await open();
      await tab.page.click('#inner');
      await expectSent(tab, 2);
      expect(tab.sent[1]).toMatchObject({ n: 'Signup', fg: 1, p: { plan: 'pro', 'billing-cycle': 'yearly' } });
      await tab.context.close();
    });

    it('before consent, clicks wait in the queue like any other call', async () => {
      const tab = await open({ pre: '' });
      await tab.page.click('#tagged');
      await tab.page.click('#zip');
      await expectQuiet(tab, 0);
      await call(tab.page, 'consent', true);
      await expectSent(tab, 3);
      expect(names(tab.sent)).toEqual(['pageview', 'Signup', 'File Download']);
      await tab.context.close();
    });
  });

  it('end to end: the Stats API shows the automatic goals, their URLs, time on page and scroll depth', async () => {
    const site = 'stats.example.com';
    const tab = await open({ site, clock: true });
    await tab.page.evaluate(() => scrollTo(0, 1000));
    const depth = await depthNow(tab.page);
    await tab.page.click('#tagged');
    await tab.page.click('#zip');
    await tab.page.clock.fastForward(10_000);
    await tab.page.click('#out');
    await tab.page.waitForURL(/\/blank/);
    await expectSent(tab, 5);
    expect(names(tab.sent)).toEqual(['pageview', 'Signup', 'File Download', 'Outbound Link: Click', 'engagement']);
    await tab.context.close();

    await lagom.flush();
    const query = { site_id: site, period: 'day' };
    const goals = await lagom.stats('breakdown', { ...query, property: 'event:goal', metrics: 'visitors,events' });
    expect(Object.fromEntries((goals.results as { goal: string; events: number }[]).map((r) => [r.goal, r.events]))).toEqual({
      Signup: 1,
      'File Download': 1,
      'Outbound Link: Click': 1,
    });
    const outbound = await lagom.stats('breakdown', {
      ...query,
      property: 'event:props:url',
      filters: 'event:goal==Outbound Link: Click',
      metrics: 'visitors',
    });
    expect(outbound.results).toMatchObject([{ url: `${fixture.otherOrigin}/blank`, visitors: 1 }]);
    const { results } = await lagom.stats('aggregate', { ...query, metrics: 'pageviews,events,time_on_page,scroll_depth' });
    // The engagement event adds time and depth to its page, and counts no pageview or event.
    expect(results.pageviews.value).toBe(1);
    expect(results.events.value).toBe(4);
    expect(results.time_on_page.value).toBe(10);
    expect(results.scroll_depth.value).toBe(Math.round(depth));
  });
});

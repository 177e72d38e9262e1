// Which navigations are pageviews (SPA history, hash routes, back-forward cache), which pages
// are never counted (data-exclude), where events go (data-api), and how the tracker's files
// are served (caching, versioned copy, Subresource Integrity) — in real Chromium.
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TRACKER_VERSION } from '../../scripts/build-tracker.mjs';
import { chromiumPath, hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import {
  ALLOW,
  call,
  expectQuiet,
  expectSent,
  names,
  navigate,
  openTab,
  type PageOptions,
} from './tracker-fixture.js';

const CONSENT = "lagom('consent', true)";
const site = 'nav.example.com';

describe.skipIf(!hasChromium).concurrent('tracker navigation and serving in Chromium', () => {
  const { lagom, browser, fixture } = browserSuite({ sites: [site], fixture: true });

  const url = (pathname: string, options: Partial<PageOptions> = {}) =>
    fixture.url + fixture.path(pathname, { site, pre: CONSENT, ...options });
  const paths = (sent: { u: string }[]) => sent.map((e) => new URL(e.u).pathname);
  const back = (page: import('playwright-core').Page) => page.evaluate(() => history.back());
  const forward = (page: import('playwright-core').Page) => page.evaluate(() => history.forward());

  it('SPA: pushState and replaceState to a new path, back and forward are pageviews; query and fragment changes are not', async () => {
    const tab = await openTab(browser, url('/'));
    await expectSent(tab, 1);
    await navigate(tab.page, '/a');
    await tab.page.evaluate(() => history.replaceState({}, '', '/a?tab=2'));
    await tab.page.evaluate(() => history.replaceState({}, '', '/b'));
    await navigate(tab.page, '/b#section');
    await expectSent(tab, 3);
    await back(tab.page); // to /b: same path
    await expectQuiet(tab, 3);
    await back(tab.page); // to /
    await expectSent(tab, 4);
    await forward(tab.page); // to /b
    await expectSent(tab, 5);
    expect(names(tab.sent)).toEqual(Array(5).fill('pageview'));
    expect(paths(tab.sent)).toEqual(['/', '/a', '/b', '/', '/b']);
    expect(tab.sent.map((e) => e.xp || '')).toEqual(['', '/', '/a', '/b', '/']);
    await tab.context.close();
  });

  it('hash mode (data-hash): each route is a page, sent as path + "%23" + route; the route\'s query is not', async () => {
    const tab = await openTab(browser, `${url('/', { attrs: `${ALLOW} data-hash` })}#/start`);
    await expectSent(tab, 1);
    await tab.page.evaluate(() => (location.hash = '#/about'));
    await expectSent(tab, 2);
    await tab.page.evaluate(() => (location.hash = '#/about?tab=2'));
    await expectQuiet(tab, 2);
    await back(tab.page); // to #/about: same route
    await back(tab.page); // to #/start
    await expectSent(tab, 3);
    expect(tab.sent.map((e) => e.u)).toEqual([
      `${fixture.url}/%23/start`,
      `${fixture.url}/%23/about`,
      `${fixture.url}/%23/start`,
    ]);
    expect(tab.sent[1]).toMatchObject({ e: '/%23/start', xp: '/%23/start', fp: 1 });
    await tab.context.close();

    await lagom.flush();
    const pages = await lagom.stats('breakdown', { site_id: site, period: 'day', property: 'event:page', metrics: 'pageviews' });
    const byPage = Object.fromEntries((pages.results as { page: string; pageviews: number }[]).map((r) => [r.page, r.pageviews]));
    // The collector keeps the route in the path ("%23" or, decoded, "#").
    const about = Object.keys(byPage).find((p) => /^\/(%23|#)\/about$/.test(p));
    expect(about && byPage[about]).toBe(1);
  });

  it('outside hash mode, a route change is not a pageview', async () => {
    const tab = await openTab(browser, url('/'));
    await expectSent(tab, 1);
    await tab.page.evaluate(() => (location.hash = '#/about'));
    await expectQuiet(tab, 1);
    await tab.context.close();
  });

  it('a page restored from the back-forward cache counts a pageview', async () => {
    // Playwright turns the back-forward cache off by default; this browser keeps it on.
    const bfcache = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
    });
    try {
      const tab = await openTab(bfcache, url('/'));
      await expectSent(tab, 1);
      await tab.page.evaluate(() => ((window as unknown as { before: boolean }).before = true));
      await tab.page.click('#same');
      await expectSent(tab, 2);
      await tab.page.goBack({ waitUntil: 'commit' });
      await expectSent(tab, 3);
      // The same document came back (no reload), and it counted itself again.
      expect(await tab.page.evaluate(() => (window as unknown as { before?: boolean }).before)).toBe(true);
      expect(paths(tab.sent)).toEqual(['/', '/linked', '/']);
      expect(tab.sent[2]).toMatchObject({ n: 'pageview', xp: '/linked', e: '/' });
    } finally {
      await bfcache.close();
    }
  });

  it('data-exclude: pages matching a pattern send nothing, neither pageviews nor events', async () => {
    const tab = await openTab(browser, url('/admin/users', { attrs: `${ALLOW} data-exclude="/admin*, /private/*"` }));
    await call(tab.page, 'event', 'Click');
    await navigate(tab.page, '/private/notes');
    await expectQuiet(tab, 0);
    await navigate(tab.page, '/private');
    await call(tab.page, 'event', 'Click');
    await navigate(tab.page, '/administrator');
    await expectSent(tab, 2);
    expect(names(tab.sent)).toEqual(['pageview', 'Click']);
    expect(paths(tab.sent)).toEqual(['/private', '/private']);
    await tab.context.close();
  });

  it('data-api sends events to another collector origin', async () => {
    const api = lagom.url.replace('127.0.0.1', 'localhost');
    const tab = await openTab(browser, url('/', { attrs: `${ALLOW} data-api="${api}"` }));
    const targets: string[] = [];
    tab.context.on('request', (req) => {
      if (req.url().endsWith('/api/event')) targets.push(req.url());
    });
    await navigate(tab.page, '/next');
    await expectSent(tab, 2);
    expect(targets).toEqual([`${api}/api/event`]);
    await tab.context.close();
  });

  it('sends text/plain (a simple request: no CORS preflight) with sendBeacon; where it was removed, sends nothing and breaks nothing', async () => {
    for (const beacon of [true, false]) {
      const tab = await openTab(browser, url('/'), {
        init: beacon ? undefined : () => delete (Navigator.prototype as { sendBeacon?: unknown }).sendBeacon,
      });
      const requests: { method: string; type: string; contentType?: string }[] = [];
      tab.context.on('request', (req) => {
        if (req.url().endsWith('/api/event')) {
          requests.push({ method: req.method(), type: req.resourceType(), contentType: req.headers()['content-type'] });
        }
      });
      const errors: string[] = [];
      tab.page.on('pageerror', (e) => errors.push(e.message));
      // The page's own navigation works either way.
      await navigate(tab.page, '/next');
      expect(await tab.page.evaluate(() => location.pathname)).toBe('/next');
      if (beacon) {
        await expectSent(tab, 2);
        expect(requests).toEqual([{ method: 'POST', type: 'ping', contentType: expect.stringMatching(/^text\/plain/) }]);
      } else {
        await expectQuiet(tab, 0);
        expect(requests).toEqual([]);
      }
      expect(errors).toEqual([]);
      await tab.context.close();
    }
  });

  describe('serving', () => {
    const V = `.v${TRACKER_VERSION}`;
    const get = (path: string, headers: Record<string, string> = {}) => fetch(lagom.url + path, { headers });

    it('serves /lagom.js for a day and /lagom.vN.js forever (every released N), all with an ETag and CORS', async () => {
      const forever = 'public, max-age=31536000, immutable';
      for (const [path, cache] of [
        ['/lagom.js', 'public, max-age=86400'],
        [`/lagom${V}.js`, forever],
        ['/lagom-banner.js', 'public, max-age=86400'],
        [`/lagom-banner${V}.js`, forever],
        ['/lagom-extras.js', 'public, max-age=86400'],
        [`/lagom-extras${V}.js`, forever],
        // released versions stay, for pages that pinned them with a hash
        ['/lagom.v1.js', forever],
        ['/lagom-banner.v1.js', forever],
        ['/lagom-extras.v1.js', forever],
      ] as const) {
        const res = await get(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('cache-control'), path).toBe(cache);
        expect(res.headers.get('content-type'), path).toMatch(/^application\/javascript/);
        expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
        const etag = res.headers.get('etag')!;
        expect(etag, path).toMatch(/^".+"$/);
        const again = await get(path, { 'if-none-match': etag });
        expect(again.status, path).toBe(304);
      }
    });

    it('the versioned core pins its optional files to the same version', async () => {
      const core = await (await get('/lagom.js')).text();
      const versioned = await (await get(`/lagom${V}.js`)).text();
      expect(core).toContain('lagom-${');
      expect(versioned).toContain(V);
      expect(versioned.replace(V, '')).toBe(core);
    });

    it('Subresource Integrity: the versioned copy runs with a matching hash and is blocked with a wrong one', async () => {
      const body = Buffer.from(await (await get(`/lagom${V}.js`)).arrayBuffer());
      const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
      const good = await openTab(browser, url('/', { src: `lagom${V}.js`, integrity }));
      await expectSent(good, 1);
      await good.context.close();
      const bad = await openTab(browser, url('/', { src: `lagom${V}.js`, integrity: `sha384-${'A'.repeat(64)}` }));
      await expectQuiet(bad, 0);
      await bad.context.close();
    });
  });
});

// The world map beside the country list, in real Chromium: it draws every country, fills the ones
// with visitors, names them in a tooltip and filters by one on a click as its row does; and the
// Regions and Cities tabs say how to get a City database when the server has none.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { openPage, seedTraffic, settled, signIn, type PageOptions } from './dashboard-harness.js';
import { expectAccessible, screenshot } from './inspect.js';

const SITE = 'map.test';
const MAP = '[data-panel=locations] .world-map';

describe.skipIf(!hasChromium)('dashboard world map and location hints', () => {
  const { lagom, browser } = browserSuite({ env: { LAGOM_TRUST_PROXY: '1' }, sites: [SITE], prepare: (l) => seedTraffic(l, SITE) });

  async function report(options: PageOptions = {}) {
    const opened = await openPage(browser, lagom, `/?site=${SITE}&period=day`, options);
    await signIn(opened.page, lagom);
    await settled(opened.page);
    return opened;
  }

  /** A point inside a country's outline, in the page's coordinates: a click there is on it. */
  const inside = (page: Page, code: string) =>
    page.$eval(`${MAP} path[data-code=${code}]`, (path) => {
      const shape = path as SVGPathElement;
      shape.scrollIntoView({ block: 'center' });
      const box = shape.getBBox();
      const matrix = shape.getScreenCTM()!;
      for (let fy = 0.1; fy < 1; fy += 0.1) {
        for (let fx = 0.1; fx < 1; fx += 0.1) {
          const p = new DOMPoint(box.x + box.width * fx, box.y + box.height * fy);
          if (!shape.isPointInFill(p)) continue;
          const q = p.matrixTransform(matrix);
          if (document.elementFromPoint(q.x, q.y) === shape) return { x: q.x, y: q.y };
        }
      }
      throw new Error(`no point inside ${shape.dataset.code}`);
    });

  test('the map fills the countries with visitors, names them, and a click filters by one', async () => {
    const { page, problems, context } = await report();
    const map = page.locator(MAP);
    await expect.poll(() => map.isVisible()).toBe(true);
    const svg = map.locator('svg');
    expect(await svg.getAttribute('role')).toBe('img');
    expect(await svg.getAttribute('aria-label')).toContain('Visitors by country');
    expect(await map.locator('path').count()).toBeGreaterThan(165);
    const filled = await map.locator('path.filled').evaluateAll((paths) => paths.map((p) => (p as SVGPathElement).dataset.code).sort());
    expect(filled).toEqual(['GB', 'SE', 'US']);
    // Sweden has the most visitors (3 of 5): the darkest step; the others one visitor each.
    expect(await map.locator('path[data-code=SE]').getAttribute('class')).toBe('filled m4');
    expect(await map.locator('path[data-code=US]').getAttribute('class')).toBe('filled m2');
    expect(await map.locator('path[data-code=SE] title').textContent()).toBe('Sweden: 3 visitors');
    expect(await map.locator('path[data-code=FR] title').textContent()).toBe('France: 0 visitors');
    // A filled country stands out against the card: 3:1 at least.
    const contrast = await page.$eval(`${MAP} path[data-code=GB]`, (path) => {
      const rgb = (c: string) => c.match(/\d+/g)!.slice(0, 3).map(Number);
      const lum = (c: string) => {
        const [r, g, b] = rgb(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const fill = lum(getComputedStyle(path).fill);
      const card = lum(getComputedStyle(path.closest('.card')!).backgroundColor);
      return (Math.max(fill, card) + 0.05) / (Math.min(fill, card) + 0.05);
    });
    expect(contrast).toBeGreaterThanOrEqual(3);
    // The panel, not the page: the page's own landmarks and headings are the shell's.
    await expectAccessible(page, '[data-panel=locations]');
    await screenshot(page, 'map');

    // France has no visitors: a click on it does nothing.
    const fr = await inside(page, 'FR');
    await page.mouse.click(fr.x, fr.y);
    const se = await inside(page, 'SE');
    await page.mouse.click(se.x, se.y);
    await settled(page);
    expect(new URL(page.url()).searchParams.getAll('f')).toEqual(['visit:country==SE']);
    expect(await page.locator('.chip .chip-text').allTextContents()).toEqual(['Country is Sweden']);
    await expect.poll(() => map.locator('path.filled').count()).toBe(1);
    // Other tabs have no map.
    await page.click('[data-panel=locations] [data-tab=regions]');
    await expect.poll(() => map.isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('dark and a 360 px phone: the map fits, and stays accessible', async () => {
    for (const options of [{ colorScheme: 'dark' as const }, { viewport: { width: 360, height: 800 } }]) {
      const { page, problems, context } = await report(options);
      const map = page.locator(MAP);
      await expect.poll(() => map.locator('path.filled').count()).toBe(3);
      const box = (await map.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(options.viewport?.width ?? 1280);
      expect(box.height).toBeGreaterThan(box.width * 0.4);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(options.viewport?.width ?? 1280);
      await expectAccessible(page, '[data-panel=locations]');
      if (options.viewport) await screenshot(page, 'map');
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test('without a City database, Regions and Cities say how to add one; /api/auth/me tells', async () => {
    const { page, problems, context } = await report();
    expect(await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()))).toMatchObject({ location: 'country' });
    for (const tab of ['regions', 'cities']) {
      await page.click(`[data-panel=locations] [data-tab=${tab}]`);
      const hint = page.locator('[data-panel=locations] .city-db');
      await expect.poll(() => hint.textContent()).toContain('LAGOM_GEOIP_DB');
      expect(await hint.textContent()).toContain('docs/configuration.md');
      expect(await hint.locator('a').getAttribute('href')).toMatch(/^https:\/\/dev\.maxmind\.com\//);
    }
    await expectAccessible(page, '[data-panel=locations]');
    expect(problems).toEqual([]);
    await context.close();
  });
});

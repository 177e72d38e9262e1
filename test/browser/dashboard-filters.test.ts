// Filters, details and the CSV export in real Chromium: a click on a row narrows every number
// to the Stats API's answer for that filter; chips undo it; the URL keeps it; details page through
// the whole list; the export zips every breakdown of the current view.
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { CHROME_UA, postEvent } from '../helpers/events.js';
import { readZip, runUnzip, skipUnzip } from '../helpers/zip.js';
import { digits, panelRows, seedTraffic, settled, shown } from './dashboard-harness.js';

const SITE = 'filters.test';
const EXTRA_PAGES = 60;
/** `;` and `|` separate filters and values in the Stats API's syntax: this value needs escapes. */
const ODD_PATH = '/menu;v=1|2';

/** The archive's entries by name, as text; every one stored (uncompressed), as the dashboard writes them. */
function unzipStored(buf: Buffer): Map<string, string> {
  return new Map(
    readZip(buf).map((entry): [string, string] => {
      expect(entry.method, entry.name).toBe(0);
      return [entry.name, entry.data.toString('utf8')];
    }),
  );
}

const csvRows = (csv: string) => csv.trim().split('\r\n').map((line) => line.split(','));

describe.skipIf(!hasChromium)('dashboard filters, details and export', () => {
  const { lagom, browser, opened } = browserSuite({
    env: { LAGOM_TRUST_PROXY: '1' },
    sites: [SITE],
    async prepare(lagom) {
      await seedTraffic(lagom, SITE);
      // One more reader, of many pages, for the details' second page.
      for (let i = 1; i <= EXTRA_PAGES; i++) {
        const res = await postEvent(lagom.url, { n: 'pageview', d: SITE, u: `https://${SITE}/docs/${i}`, fp: 1, ...(i === 1 ? { fv: 1, fs: 1, b: 1 } : {}), e: '/docs/1' }, { 'x-forwarded-for': '8.8.8.8' });
        expect(res.status).toBe(202);
      }
      // Two readers of a page whose path holds the filter syntax's separators.
      for (let i = 0; i < 2; i++) {
        const res = await postEvent(lagom.url, { n: 'pageview', d: SITE, u: `https://${SITE}${ODD_PATH}`, fv: 1, fp: 1, fs: 1, b: 1, e: ODD_PATH }, { 'x-forwarded-for': '8.8.8.8' });
        expect(res.status).toBe(202);
      }
      await lagom.flush();
    },
    signedIn: `/?site=${SITE}&period=day`,
  });

  const visitors = async (filters?: string) =>
    (await lagom.stats('aggregate', { site_id: SITE, period: 'day', metrics: 'visitors', ...(filters ? { filters } : {}) })).results.visitors.value as number;
  const filtersIn = (page: Page) => new URL(page.url()).searchParams.getAll('f');
  const chips = (page: Page) => page.locator('.chip .chip-text').allTextContents();
  const clickRow = async (page: Page, panel: string, label: string) => {
    await page.locator(`[data-panel=${panel}] button.row-label`, { hasText: label }).first().click();
    await settled(page);
  };

  test('a click on a row filters every number; chips remove filters; the URL and Back keep them', async () => {
    const { page, problems } = opened;
    const all = await visitors();
    expect(digits(await shown(page, 'visitors'))).toBe(all);

    await clickRow(page, 'pages', '/a');
    expect(filtersIn(page)).toEqual(['event:page==/a']);
    expect(await chips(page)).toEqual(['Page is /a']);
    const onA = await visitors('event:page==/a');
    expect(onA).toBeLessThan(all);
    expect(digits(await shown(page, 'visitors'))).toBe(onA);
    expect(await panelRows(page, 'pages')).toEqual([['/a', String(onA)]]);

    // A second filter on another property combines with AND.
    await clickRow(page, 'locations', 'Sweden');
    expect(filtersIn(page)).toEqual(['event:page==/a', 'visit:country==SE']);
    expect(await chips(page)).toEqual(['Page is /a', 'Country is Sweden']);
    expect(digits(await shown(page, 'visitors'))).toBe(await visitors('event:page==/a;visit:country==SE'));
    expect(digits(await shown(page, 'pageviews'))).toBe(
      (await lagom.stats('aggregate', { site_id: SITE, period: 'day', metrics: 'pageviews', filters: 'event:page==/a;visit:country==SE' })).results.pageviews.value,
    );

    // Removing the page filter leaves the country.
    await page.click('.chip[data-property="event:page"] .chip-remove');
    await settled(page);
    expect(filtersIn(page)).toEqual(['visit:country==SE']);
    expect(digits(await shown(page, 'visitors'))).toBe(await visitors('visit:country==SE'));
    expect(await visitors('visit:country==SE')).not.toBe(await visitors('event:page==/a;visit:country==SE'));

    // Back brings the two filters back; a reload of that URL shows the same.
    await page.goBack();
    await settled(page);
    expect(await chips(page)).toEqual(['Page is /a', 'Country is Sweden']);
    await page.reload();
    await settled(page);
    expect(await chips(page)).toEqual(['Page is /a', 'Country is Sweden']);
    expect(digits(await shown(page, 'visitors'))).toBe(await visitors('event:page==/a;visit:country==SE'));

    await page.click('text=Clear filters');
    await settled(page);
    expect(filtersIn(page)).toEqual([]);
    expect(await page.isHidden('.filter-bar')).toBe(true);
    expect(digits(await shown(page, 'visitors'))).toBe(all);
    expect(problems).toEqual([]);
  });

  test('a value holding ; and | filters exactly that value', async () => {
    const { page, problems } = opened;
    await clickRow(page, 'pages', ODD_PATH);
    expect(filtersIn(page)).toEqual([`event:page==${ODD_PATH}`]);
    const escaped = await visitors('event:page==/menu\\;v=1\\|2');
    expect(escaped).toBe(2);
    expect(digits(await shown(page, 'visitors'))).toBe(escaped);
    expect(await panelRows(page, 'pages')).toEqual([[ODD_PATH, '2']]);
    await page.click('.chip-remove');
    await settled(page);
    expect(problems).toEqual([]);
  });

  test('a browser filter shows its versions, and a goal its props', async () => {
    const { page, problems } = opened;
    await clickRow(page, 'devices', 'Chrome');
    expect(await page.textContent('[data-panel=devices] .panel-caption')).toBe('Chrome versions');
    const versions = (await lagom.stats('breakdown', { site_id: SITE, period: 'day', property: 'visit:browser_version', metrics: 'visitors', filters: 'visit:browser==Chrome' })).results;
    expect(versions.length).toBe(2);
    expect(await panelRows(page, 'devices')).toEqual(versions.map((r: { browser_version: string; visitors: number }) => [`Chrome ${r.browser_version}`, String(r.visitors)]));
    await clickRow(page, 'devices', 'Chrome 120');
    expect(await chips(page)).toEqual(['Browser is Chrome', 'Browser version is Chrome 120']);
    // Removing the browser takes its version with it.
    await page.click('.chip[data-property="visit:browser"] .chip-remove');
    await settled(page);
    expect(filtersIn(page)).toEqual([]);

    // The Properties tab offers the keys sent in the period and shows the first.
    await page.click('[data-panel=goals] [data-tab=props]');
    await expect.poll(() => page.locator('select[name=prop-key] option').allTextContents()).toEqual(['plan']);
    const plans = (await lagom.stats('breakdown', { site_id: SITE, period: 'day', property: 'event:props:plan', metrics: 'visitors,events,conversion_rate' })).results;
    // Unique and total conversions, and the conversion rate (of all the period's visitors).
    await expect.poll(() => panelRows(page, 'goals')).toEqual(
      plans.map((r: { plan: string; visitors: number; events: number; conversion_rate: number }) => [r.plan, String(r.visitors), String(r.events), `${r.conversion_rate}%`]),
    );
    expect(plans.every((r: { conversion_rate: number }) => r.conversion_rate > 0)).toBe(true);
    // The events without the property are a row of their own, a filter as any value.
    expect(plans.map((r: { plan: string }) => r.plan)).toContain('(none)');
    await clickRow(page, 'goals', '(none)');
    expect(filtersIn(page)).toEqual(['event:props:plan==(none)']);
    expect(await chips(page)).toEqual(['Property “plan” is (none)']);
    const none = await visitors('event:props:plan==(none)');
    expect(Number(none)).toBeGreaterThan(0);
    expect(digits(await shown(page, 'visitors'))).toBe(none);
    await page.click('.chip-remove');
    await settled(page);
    await page.click('[data-panel=goals] [data-tab=props]');
    await settled(page);
    await clickRow(page, 'goals', 'pro');
    expect(filtersIn(page)).toEqual(['event:props:plan==pro']);
    expect(await chips(page)).toEqual(['Property “plan” is pro']);
    expect(digits(await shown(page, 'visitors'))).toBe(await visitors('event:props:plan==pro'));
    await page.click('.chip-remove');
    await settled(page);
    await page.click('[data-panel=goals] [data-tab=goals]');
    expect(problems).toEqual([]);
  });

  test('details list the whole breakdown with more metrics, a page at a time', async () => {
    const { page, problems } = opened;
    await page.click('[data-panel=pages] .details');
    const dialog = page.locator('dialog[open]');
    await expect.poll(() => dialog.locator('tbody tr').count()).toBe(50);
    expect(await dialog.locator('thead th').allTextContents()).toEqual(['Page', 'Visitors', 'Pageviews', 'Time', 'Scroll']);
    const api = (p: number) => lagom.stats('breakdown', { site_id: SITE, period: 'day', property: 'event:page', metrics: 'visitors,pageviews', limit: '50', page: String(p) });
    const first = (await api(1)).results.map((r: { page: string }) => r.page);
    expect(await dialog.locator('tbody tr td:first-child').allTextContents()).toEqual(first);
    expect(await dialog.locator('button:has-text("Previous")').isDisabled()).toBe(true);
    await dialog.locator('button:has-text("Next")').click();
    const second = (await api(2)).results.map((r: { page: string }) => r.page);
    expect(second.length).toBeGreaterThan(0);
    await expect.poll(() => dialog.locator('tbody tr td:first-child').allTextContents()).toEqual(second);
    expect(await dialog.locator('button:has-text("Next")').isDisabled()).toBe(true);
    expect(await dialog.locator('.pager').textContent()).toContain('Page 2');
    // Escape closes it and focus returns to the button that opened it.
    await page.keyboard.press('Escape');
    // The dialog's close event, which removes it, comes a task after the key.
    await expect.poll(() => page.locator('dialog').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Details');
    expect(problems).toEqual([]);
  });

  test('CSV export: one zip with every breakdown of the filtered view', async () => {
    const { page, problems } = opened;
    await clickRow(page, 'locations', 'Sweden');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export CSV")')]);
    expect(download.suggestedFilename()).toMatch(/^lagom-filters\.test-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.zip$/);
    const path = 'test-output/dashboard-export.zip';
    await download.saveAs(path);
    const files = unzipStored(await readFile(path));
    expect([...files.keys()]).toEqual(expect.arrayContaining([
      'aggregate.csv', 'timeseries.csv', 'pages.csv', 'entry_pages.csv', 'exit_pages.csv', 'sources.csv', 'channels.csv', 'referrers.csv',
      'utm_mediums.csv', 'utm_sources.csv', 'utm_campaigns.csv', 'utm_contents.csv', 'utm_terms.csv',
      'countries.csv', 'regions.csv', 'cities.csv', 'browsers.csv', 'browser_versions.csv', 'operating_systems.csv', 'os_versions.csv',
      'devices.csv', 'goals.csv', 'props_plan.csv',
    ]));

    const filters = 'visit:country==SE';
    const day = { site_id: SITE, period: 'day', filters };
    const totals = (await lagom.stats('aggregate', { ...day, metrics: 'visitors,pageviews' })).results;
    const aggregate = csvRows(files.get('aggregate.csv')!);
    expect(aggregate[0]).toEqual(['metric', 'value', 'change']);
    expect(aggregate.find((r) => r[0] === 'visitors')![1]).toBe(String(totals.visitors.value));
    expect(aggregate.find((r) => r[0] === 'pageviews')![1]).toBe(String(totals.pageviews.value));

    const pages = (await lagom.stats('breakdown', { ...day, property: 'event:page', metrics: 'visitors,pageviews,time_on_page,scroll_depth', limit: '1000' })).results;
    const pagesCsv = csvRows(files.get('pages.csv')!);
    expect(pagesCsv[0]).toEqual(['page', 'visitors', 'pageviews', 'time_on_page', 'scroll_depth']);
    // The markup path is quoted only if it needs it; "," is not in it.
    // A page with nothing to average has no time on page (null): an empty cell.
    expect(pagesCsv.slice(1)).toEqual(pages.map((r: Record<string, unknown>) => [r.page, r.visitors, r.pageviews, r.time_on_page ?? '', r.scroll_depth].map(String)));
    expect(csvRows(files.get('countries.csv')!)).toEqual([['country', 'visitors', 'visits', 'bounce_rate', 'visit_duration'], expect.arrayContaining(['SE'])]);
    const versions = csvRows(files.get('browser_versions.csv')!);
    expect(versions[0]).toEqual(['browser', 'browser_version', 'visitors', 'visits', 'bounce_rate', 'visit_duration']);
    expect(versions.slice(1).map((r) => `${r[0]} ${r[1]}`).sort()).toEqual(['Chrome 120', 'Chrome 131']);
    expect(csvRows(files.get('timeseries.csv')!)).toHaveLength(25);
    const plans = (await lagom.stats('breakdown', { ...day, property: 'event:props:plan', metrics: 'visitors,events,conversion_rate' })).results;
    expect(csvRows(files.get('props_plan.csv')!)).toEqual([
      ['plan', 'visitors', 'events', 'conversion_rate'],
      ...plans.map((r: Record<string, unknown>) => [r.plan, r.visitors, r.events, r.conversion_rate].map(String)),
    ]);
    // An independent reader agrees the archive is sound (where one is installed; in CI it must be).
    if (!skipUnzip) expect(runUnzip(['-tq', path])).toMatch(/No errors/);
    await writeFile('test-output/dashboard-export-pages.csv', files.get('pages.csv')!);
    await page.click('.chip-remove');
    await settled(page);
    expect(problems).toEqual([]);
  });
});

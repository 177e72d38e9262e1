// Dashboard benchmark: the owner's first view of a site with BENCH_DASHBOARD_EVENTS synthetic
// events (default 10 M), in Debian's Chromium, from the start of navigation until every panel of
// the report has its answer (the dashboard's `lagom:report-ready` performance mark); printed
// against the first view of an empty site measured in the same run. Then the way a new visitor
// comes in: from the sign-in page (a fresh profile, nothing cached) to the drawn report, its
// requests, bytes on the wire (as the server compressed them) and time, as ratios against the
// same way in to the empty site, and the sign-in page's own requests and bytes.
// 127.0.0.1 only.
//   npm run bench:dashboard        (BENCH_DASHBOARD_EVENTS=10000000 BENCH_RUNS=5)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { loadConfig } from '../server/core/config.js';
import { openStore } from '../server/store/client.js';
import { mergeTable } from '../server/store/inspect.js';
import { addSyntheticTraffic } from '../server/store/synthetic.js';
import { addSite, OWNER, signIn, startLagom, stop } from './lib.js';

const events = Number(process.env.BENCH_DASHBOARD_EVENTS ?? 10_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const CHUNK = 10_000_000;

/** Milliseconds from navigation until the report has every answer, as the median of `runs`. */
async function firstView(context: BrowserContext, url: string, site: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const page = await context.newPage();
    await page.goto(`${url}/?site=${site}`);
    await page.waitForSelector('.report:not(.loading)', { timeout: 60_000 });
    // The page's own clock, from the start of navigation to the dashboard's mark: Playwright's
    // polling of the selector above would add up to half a second of its own.
    const ms = await page.evaluate(() => performance.getEntriesByName('lagom:report-ready')[0]?.startTime ?? NaN);
    await page.close();
    if (i > 0) times.push(ms); // the first load warms the server and the browser's cache
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

interface Traffic {
  requests: number;
  /** response bodies as sent: compressed where the server compressed them */
  bytes: number;
}

interface WayIn {
  signInPage: Traffic;
  /** from the start of navigation to the drawn report, the sign-in included */
  total: Traffic;
  ms: number;
}

/** From the sign-in page, in a fresh profile, to the report with every answer; medians of `runs`. */
async function wayIn(browser: Browser, url: string, site: string): Promise<WayIn> {
  const seen: WayIn[] = [];
  for (let i = 0; i <= runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (req) => sizes.push(req.sizes().then((s) => s.responseBodySize)));
    const traffic = async (): Promise<Traffic> => ({ requests: sizes.length, bytes: (await Promise.all(sizes)).reduce((a, b) => a + b, 0) });
    await page.goto(`${url}/?site=${site}`);
    await page.waitForSelector('input[name=password]');
    await page.waitForLoadState('networkidle');
    const signInPage = await traffic();
    await page.fill('input[name=email]', OWNER.email);
    await page.fill('input[name=password]', OWNER.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('.report:not(.loading)', { timeout: 60_000 });
    const ms = await page.evaluate(() => performance.getEntriesByName('lagom:report-ready')[0]?.startTime ?? NaN);
    const total = await traffic();
    await context.close();
    if (i > 0) seen.push({ signInPage, total, ms }); // the first warms the server
  }
  const median = (pick: (w: WayIn) => number) => seen.map(pick).sort((a, b) => a - b)[Math.floor(seen.length / 2)]!;
  return {
    signInPage: { requests: median((w) => w.signInPage.requests), bytes: median((w) => w.signInPage.bytes) },
    total: { requests: median((w) => w.total.requests), bytes: median((w) => w.total.bytes) },
    ms: median((w) => w.ms),
  };
}

function printWayIn(empty: WayIn, full: WayIn): void {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const ratio = (a: number, b: number) => `×${(a / b).toFixed(2)} baseline`;
  console.log(`\nfrom the sign-in page to the drawn report (fresh profile), median of ${runs}:`);
  console.log(`sign-in page alone                    ${String(empty.signInPage.requests).padStart(3)} requests ${kb(empty.signInPage.bytes).padStart(9)}`);
  console.log(`baseline: empty site                  ${String(empty.total.requests).padStart(3)} requests ${kb(empty.total.bytes).padStart(9)} ${empty.ms.toFixed(0).padStart(6)} ms`);
  console.log(
    `${(events.toLocaleString('en') + ' events').padEnd(37)} ${String(full.total.requests).padStart(3)} requests ${kb(full.total.bytes).padStart(9)} ${full.ms.toFixed(0).padStart(6)} ms` +
      `   requests ${ratio(full.total.requests, empty.total.requests)}, bytes ${ratio(full.total.bytes, empty.total.bytes)}, time ${ratio(full.ms, empty.ms)}`,
  );
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lagom-bench-dashboard-'));
  try {
    // Owner and sites through the server, then the traffic straight into its (stopped) engine.
    let lagom = await startLagom(dataDir);
    let cookie = await signIn(lagom.url);
    for (const domain of ['bench.test', 'empty.test']) await addSite(lagom.url, cookie, domain, 'Europe/Stockholm');
    await stop(lagom);
    const t0 = performance.now();
    const store = await openStore(loadConfig({ LAGOM_DATA_DIR: dataDir }));
    for (let have = 0; have < events; have += CHUNK) await addSyntheticTraffic(store, 'bench.test', have, Math.min(CHUNK, events - have));
    await mergeTable(store, 'counters_hourly');
    await store.close();
    console.log(`${events.toLocaleString('en')} events generated and merged in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    lagom = await startLagom(dataDir);
    cookie = await signIn(lagom.url);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: lagom.url }]);
      const empty = await firstView(context, lagom.url, 'empty.test');
      const full = await firstView(context, lagom.url, 'bench.test');
      console.log(`\ndashboard first view (last 30 days, every panel answered), median of ${runs}:`);
      console.log(`baseline: empty site                 ${empty.toFixed(0).padStart(6)} ms`);
      console.log(`${(events.toLocaleString('en') + ' events').padEnd(37)} ${full.toFixed(0).padStart(6)} ms   ×${(full / empty).toFixed(1)} baseline (target < 1,000 ms)`);
      printWayIn(await wayIn(browser, lagom.url, 'empty.test'), await wayIn(browser, lagom.url, 'bench.test'));
    } finally {
      await browser.close();
      await stop(lagom);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

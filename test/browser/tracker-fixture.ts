// What the tracker's browser tests share: a site that embeds the tracker, tabs that record
// every event they send, and small helpers. Each test file starts its own Lagom and browser.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { WireEvent } from '../../protocol/wire.js';

/** Long enough that "nothing was sent" means something. */
export const QUIET_MS = 1000;
// Headless Chromium says "HeadlessChrome" in its user agent, which ingest drops as a bot.
export const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36';
export const ALLOW = 'data-allow-localhost data-allow-automation';
const STUB = 'window.lagom = window.lagom || function () { (lagom.q = lagom.q || []).push(arguments) };';

export interface PageOptions {
  /** data-site */
  site: string;
  /** attributes of the embed besides src and data-site (default: ALLOW) */
  attrs?: string;
  /** script run in the page before the tracker loads (after the queue stub) */
  pre?: string;
  /** the page's <html lang> */
  lang?: string;
  /** the tracker file, default lagom.js */
  src?: string;
  /** the embed's integrity attribute (with crossorigin) */
  integrity?: string;
  /** more HTML at the start of the page's body, after its heading */
  body?: string;
}

export interface Fixture {
  url: string;
  /**
   * Every event posted to the fixture's own `/api/event` (pages embedded with
   * `data-api="<fixture url>"`), in order. The fixture forwards each to Lagom. Tests of what a
   * page sends while it unloads read this: Playwright does not report requests of a page that
   * is gone, and they leave Chromium without the test's user agent (so Lagom would take them
   * for a headless bot); the fixture forwards them with it.
   */
  received: WireEvent[];
  /** the same fixture server under another host name: links there are outbound */
  otherOrigin: string;
  /** the path (with query) of a page embedding the tracker */
  path(pathname: string, options: PageOptions): string;
  close(): Promise<void>;
}

/**
 * Any path serves an HTML page embedding the tracker, on its own 127.0.0.1 port (so the
 * collector is cross-origin, as on a real site); options travel in the query string. The page
 * has links of every kind, a tagged button and 4,000 px of content to scroll. `/blank` is a
 * page without the tracker, `/files/…` answers 204 (a download that leaves the page in place).
 */
export async function startFixture(collector: string): Promise<Fixture> {
  let port = 0;
  const received: WireEvent[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/event') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        received.push(JSON.parse(body));
        fetch(`${collector}/api/event`, { method: 'POST', body, headers: { 'content-type': 'text/plain', 'user-agent': USER_AGENT } })
          .then((answer) => res.writeHead(answer.status, { 'access-control-allow-origin': '*' }).end())
          .catch(() => res.writeHead(502).end());
      });
      return;
    }
    if (url.pathname.startsWith('/files/')) return res.writeHead(204).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (url.pathname === '/blank') return res.end('<!doctype html><title>blank</title><p>no tracker here</p>');
    const q = url.searchParams;
    const integrity = q.get('integrity');
    res.end(
      `<!doctype html><html lang="${q.get('lang') ?? 'en'}"><head><title>fixture</title>` +
        `<script>${STUB}${q.get('pre') ?? ''}</script>` +
        `<script defer src="${collector}/${q.get('src') ?? 'lagom.js'}" data-site="${q.get('site')}" ` +
        `${integrity ? `integrity="${integrity}" crossorigin="anonymous"` : ''} ${q.get('attrs') ?? ALLOW}></script>` +
        `</head><body><h1>fixture</h1>${q.get('body') ?? ''}` +
        `<a id="same" href="/linked${url.search}">same-site link</a> ` +
        `<a id="out" href="http://localhost:${port}/blank?token=secret#frag">outbound link</a> ` +
        `<a id="pdf" href="/files/report.PDF?token=secret">report</a> ` +
        `<a id="zip" href="/files/archive.zip">archive</a> ` +
        `<a id="md" href="/files/notes.md">notes</a> ` +
        `<a id="mail" href="mailto:someone@example.com">mail</a> ` +
        `<button id="tagged" data-lagom-event="Signup" data-lagom-prop-plan="pro" data-lagom-prop-billing-cycle="yearly">` +
        `<span id="inner">Sign up</span></button>` +
        `<div style="height:4000px"></div><p id="end">end</p></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    received,
    url: `http://127.0.0.1:${port}`,
    otherOrigin: `http://localhost:${port}`,
    path(pathname, options) {
      const q = new URLSearchParams(Object.entries(options).filter(([, v]) => v !== undefined) as [string, string][]);
      return `${pathname}?${q}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** every body sent to /api/event by any page of the context, in order */
  sent: WireEvent[];
}

/** Records every event a context sends, including beacons sent while a page unloads. */
export function record(context: BrowserContext, sent: WireEvent[]): void {
  context.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/event') sent.push(JSON.parse(req.postData() ?? 'null'));
  });
}

export async function openTab(
  browser: Browser,
  url: string,
  options: { init?: () => void; referer?: string } = {},
): Promise<Tab> {
  const context = await browser.newContext({ userAgent: USER_AGENT });
  if (options.init) await context.addInitScript(options.init);
  const tab: Tab = { context, page: await context.newPage(), sent: [] };
  record(context, tab.sent);
  await tab.page.goto(url, { referer: options.referer });
  return tab;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const names = (sent: WireEvent[]) => sent.map((e) => e.n);
export const count = (sent: WireEvent[], name: string) => sent.filter((e) => e.n === name).length;
export const storedKeys = (page: Page) => page.evaluate(() => Object.keys(localStorage).sort());
/** Everything the page could have stored: localStorage, sessionStorage and cookies. */
export const stored = (page: Page) =>
  page.evaluate(() => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    cookies: document.cookie,
  }));
export const call = (page: Page, ...args: unknown[]) =>
  page.evaluate((a) => (window as unknown as { lagom: (...x: unknown[]) => void }).lagom(...a), args);
export const navigate = (page: Page, path: string) => page.evaluate((p) => history.pushState({}, '', p), path);

/**
 * Waits until `check` holds. (Not expect.poll: the test files run their tests concurrently,
 * and vitest allows expect.poll only in the test that owns the global expect.)
 */
export async function until(check: () => unknown, what: string, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Waits until `n` events were sent, then a little longer to see that no more follow. */
export async function expectSent(tab: { sent: WireEvent[] }, n: number): Promise<void> {
  await until(() => tab.sent.length >= n, `${n} events (sent: ${JSON.stringify(tab.sent.map((e) => e.n))})`);
  await sleep(250);
  expect(tab.sent).toHaveLength(n);
}

/** Proves silence: after QUIET_MS, still exactly `n` events. */
export async function expectQuiet(tab: { sent: WireEvent[] }, n: number): Promise<void> {
  await sleep(QUIET_MS);
  expect(tab.sent).toHaveLength(n);
}

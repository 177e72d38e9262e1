// One replayed person: a browser of their own (their own localStorage, which is where Lagom's
// tracker decides "new visitor", "new visit", "bounce"), with the user agent and screen of
// Plausible's fixture, on the case's website.
//
// A browser context costs about half a second of CPU on a two-core machine, more than the
// pageviews of most people; so contexts are reused (Tabs): one page each, one person at a
// time, its localStorage wiped between people. Every person's first event on an origin must
// say "first event today" (fv), which proves that the wipe worked.
import type { Browser, BrowserContext, CDPSession, Page, Request } from 'playwright-core';
import { sourceReferrer, userAgent, viewport } from './agents.js';
import { PAGEVIEW_HEADER, PROPS_HEADER, SITE_HEADER } from './site.js';
import type { ReplayEvent, ReplayUser } from './types.js';

/** An event reaches Lagom within a second or two; longer means the tracker did not send it. */
const ACK_TIMEOUT_MS = 15_000;

const isEvent = (req: Request) => new URL(req.url()).pathname === '/api/event';

interface Tab {
  key: string;
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
}

/** Contexts by user agent and screen, handed to one person at a time. */
export class Tabs {
  private readonly idle = new Map<string, Tab[]>();
  private readonly all: Tab[] = [];

  constructor(private readonly browser: Browser) {}

  async acquire(user: ReplayUser): Promise<Tab> {
    const ua = userAgent(user);
    const size = viewport(user.screen);
    const key = `${ua}|${size?.width ?? 'default'}`;
    const free = this.idle.get(key)?.pop();
    if (free) return free;
    const context = await this.browser.newContext({ userAgent: ua, viewport: size });
    const page = await context.newPage();
    const tab = { key, context, page, cdp: await context.newCDPSession(page) };
    this.all.push(tab);
    return tab;
  }

  /** Wipes what the person's pages stored, and keeps the context for the next person. */
  async release(tab: Tab, origins: Iterable<string>): Promise<void> {
    for (const origin of origins) await tab.cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'local_storage' });
    this.idle.set(tab.key, [...(this.idle.get(tab.key) ?? []), tab]);
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((t) => t.context.close()));
  }
}

export class Visitor {
  private acked = 0;
  private failure: string | undefined;
  private wake: (() => void) | undefined;
  /** the page the browser is on */
  private at: { hostname: string; pathname: string } | undefined;
  /** origins this person has opened (the tracker counts a consented origin's pages at once) */
  private readonly origins = new Set<string>();
  /** origins this person has sent an event from */
  private readonly sentFrom = new Set<string>();
  private readonly onFinished = (req: Request) => {
    if (!isEvent(req)) return;
    // The page's answer comes after Lagom's (site.ts), so a finished request is a counted one.
    const body = JSON.parse(req.postData() ?? '{}') as { fv?: number; u?: string };
    const origin = new URL(body.u ?? 'http://invalid').origin;
    if (!this.sentFrom.has(origin) && body.fv !== 1) this.failure = `the first event from ${origin} is not a new visitor's: its storage was not fresh`;
    this.sentFrom.add(origin);
    this.acked += 1;
    this.wake?.();
  };
  private readonly onFailed = (req: Request) => {
    if (!isEvent(req)) return;
    this.failure = `an event request failed: ${req.failure()?.errorText}`;
    this.wake?.();
  };

  private constructor(
    readonly user: ReplayUser,
    private readonly tab: Tab,
    private readonly options: { site: string; port: number },
  ) {
    tab.context.on('requestfinished', this.onFinished);
    tab.context.on('requestfailed', this.onFailed);
  }

  static async open(tabs: Tabs, user: ReplayUser, options: { site: string; port: number }): Promise<Visitor> {
    return new Visitor(user, await tabs.acquire(user), options);
  }

  /** Plays one event at `time` (ms): the browser's clock says `time` while it runs. */
  async play(event: ReplayEvent, time: number): Promise<void> {
    // setFixedTime: Date in the page says exactly `time` (the tracker's visit and day
    // arithmetic), while the page's timers keep running, so loading is not held up.
    await this.tab.context.clock.setFixedTime(time);
    if (event.kind === 'pageview') await this.view(event);
    else await this.fire(event);
  }

  async close(tabs: Tabs): Promise<void> {
    this.tab.context.off('requestfinished', this.onFinished);
    this.tab.context.off('requestfailed', this.onFailed);
    await tabs.release(this.tab, this.origins);
  }

  private origin(hostname: string): string {
    return `http://${hostname}:${this.options.port}`;
  }

  private url(hostname: string, pathname: string, event: ReplayEvent): string {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(event.utm ?? {})) query.set(`utm_${k}`, v);
    const search = query.toString();
    return `${this.origin(hostname)}${pathname}${search ? `?${search}` : ''}`;
  }

  private referer(event: ReplayEvent): string | undefined {
    return event.referrer || (event.source !== undefined ? sourceReferrer(event.source) : undefined);
  }

  private async open(event: ReplayEvent, hostname: string, pathname: string, refused: boolean): Promise<void> {
    this.origins.add(this.origin(hostname));
    await this.tab.page.setExtraHTTPHeaders({
      [SITE_HEADER]: this.options.site,
      ...(refused ? { [PAGEVIEW_HEADER]: 'refused' } : {}),
      // A pageview's props go on the page's script tag (data-prop-<key>), as a site writes them.
      ...(!refused && event.props ? { [PROPS_HEADER]: JSON.stringify(event.props) } : {}),
    });
    await this.tab.page.goto(this.url(hostname, pathname, event), { referer: this.referer(event) });
    this.at = { hostname, pathname };
  }

  private async view(event: ReplayEvent): Promise<void> {
    const want = this.acked + 1;
    await this.open(event, event.hostname ?? this.options.site, event.pathname ?? '/', false);
    await this.until(want, `the pageview of ${event.pathname ?? '/'}`);
  }

  private async fire(event: ReplayEvent): Promise<void> {
    const hostname = event.hostname ?? this.at?.hostname ?? this.options.site;
    const pathname = event.pathname ?? this.at?.pathname ?? '/';
    if (this.at?.hostname !== hostname || this.at.pathname !== pathname) {
      // A custom event happens on a page. A person whose pageview is not in the case opens
      // the page without it being counted; one who is counted on this origin already cannot.
      if (this.origins.has(this.origin(hostname))) {
        throw new Error(
          `${this.user.id}: "${event.name}" on ${hostname}${pathname} while on ${this.at?.hostname}${this.at?.pathname}: ` +
            'opening that page would count a pageview the case does not have',
        );
      }
      await this.open(event, hostname, pathname, true);
      await this.tab.page.waitForFunction(() => {
        const api = (window as unknown as { lagom?: { q?: unknown } }).lagom;
        // the tracker replaces the page's queue stub (which has .q) with itself
        return typeof api === 'function' && !('q' in api);
      });
    }
    const want = this.acked + 1;
    await this.tab.page.evaluate(
      ([name, props]) => (window as unknown as { lagom: (...a: unknown[]) => void }).lagom('event', name, props),
      [event.name, event.props] as const,
    );
    await this.until(want, `the event "${event.name}"`);
  }

  private async until(n: number, what: string): Promise<void> {
    const deadline = performance.now() + ACK_TIMEOUT_MS;
    while (this.acked < n || this.failure) {
      if (this.failure) throw new Error(`${this.user.id}: ${this.failure}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${this.user.id}: ${what} was not sent within ${ACK_TIMEOUT_MS} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.min(left, 200));
      });
    }
    this.wake = undefined;
  }
}

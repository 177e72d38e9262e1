// The set-up every browser test file shares: a real Lagom of its own (the engine is one per
// process), its sites, a Chromium, and as the file asks the tracker's fixture site or a page
// signed in to the dashboard; all of it closed after the file.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openPage, settled, signIn, type Opened } from '../browser/dashboard-harness.js';
import { startFixture, type Fixture } from '../browser/tracker-fixture.js';
import { launchChromium } from './browser.js';
import { startLagom, type TestLagom } from './lagom.js';

export interface BrowserSuiteOptions {
  /** settings of the Lagom under test (startLagom's env) */
  env?: Record<string, string>;
  /** more Chromium switches, e.g. `--host-resolver-rules` */
  chromiumArgs?: string[];
  /** sites registered before the tests: a domain (in UTC) or [domain, time zone] */
  sites?: (string | [domain: string, timezone: string])[];
  /** starts the tracker's fixture site (tracker-fixture.ts), posting to this Lagom */
  fixture?: boolean;
  /** more set-up, after the sites and before the signed-in page (traffic, folders) */
  prepare?: (lagom: TestLagom) => Promise<unknown>;
  /** opens this path in a fresh profile, signs the owner in and waits for the report */
  signedIn?: string;
}

export interface BrowserSuite {
  lagom: TestLagom;
  browser: Browser;
  /** only with `fixture: true` */
  fixture: Fixture;
  /** the signed-in page; only with `signedIn` */
  opened: Opened;
}

/**
 * Registers the file's beforeAll and afterAll (call it inside the describe) and returns what
 * they start. Each value exists only once beforeAll has run, so each is handed out as a stand-in
 * that forwards to it: `const { lagom, browser } = browserSuite(...)` at the top of a describe
 * reads like the variables it replaces, and using one before set-up fails with its name.
 */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  const ready: Partial<BrowserSuite> = {};

  beforeAll(async () => {
    ready.lagom = await startLagom(options.env);
    for (const site of options.sites ?? []) {
      const [domain, timezone] = typeof site === 'string' ? [site, 'UTC'] : site;
      await ready.lagom.addSite(domain, timezone);
    }
    ready.browser = await launchChromium(options.chromiumArgs);
    if (options.fixture) ready.fixture = await startFixture(ready.lagom.url);
    await options.prepare?.(ready.lagom);
    if (options.signedIn !== undefined) {
      ready.opened = await openPage(ready.browser, ready.lagom, options.signedIn);
      await signIn(ready.opened.page, ready.lagom);
      await settled(ready.opened.page);
    }
  });

  afterAll(async () => {
    await ready.browser?.close();
    await ready.fixture?.close();
    await ready.lagom?.stop();
  });

  return {
    lagom: forwarding('lagom', () => ready.lagom),
    browser: forwarding('browser', () => ready.browser),
    fixture: forwarding('fixture (browserSuite({ fixture: true }))', () => ready.fixture),
    opened: forwarding('opened (browserSuite({ signedIn }))', () => ready.opened),
  };
}

/** An object that reads and calls through to `current()`, once there is one. */
function forwarding<T extends object>(name: string, current: () => T | undefined): T {
  const target = (): T => {
    const value = current();
    if (value === undefined) throw new Error(`${name} is not set up: use it inside a test or hook, after beforeAll`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const t = target();
      const value: unknown = Reflect.get(t, key, t);
      // Methods run on the real object: Playwright's classes keep private state.
      return typeof value === 'function' ? value.bind(t) : value;
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
  });
}

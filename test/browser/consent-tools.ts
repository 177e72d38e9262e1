// The four consent tools as a site sets them up, and how a visitor answers in each one's own UI:
// what consent-managers.test.ts runs the same steps on. Every tool is the real one, served from
// node_modules by consent-fixture.ts; only Google Consent Mode has no UI of Google's, so there
// the page's own consent tool pushes gtag's consent commands, as a site's CMP does.
import type { Page } from 'playwright-core';
import type { CmpPage } from './consent-fixture.js';
import { ALLOW } from './tracker-fixture.js';

export interface Tool {
  mode: 'tcf' | 'google' | 'cookieconsent' | 'klaro';
  /** the page: the tool's tags, the embed for `site` with `attrs` added */
  page(site: string, attrs?: string): CmpPage;
  /** the visitor says yes to everything in the tool's first question */
  accept(page: Page): Promise<void>;
  /** the visitor says no in the tool's first question */
  refuse(page: Page): Promise<void>;
  /** later, the visitor reopens the tool's settings and takes the consent back */
  withdraw(page: Page): Promise<void>;
}

export const embed = (site: string, mode: string, attrs = '') => `data-site="${site}" ${ALLOW} data-consent="${mode}" ${attrs}`;

/** A TCF CMP made of IAB's own CMP API and TC string encoder (cmp/tcf-cmp.ts). */
export const tcf: Tool = {
  mode: 'tcf',
  page: (site, attrs) => ({ head: '<script src="/vendor/tcf-cmp.js"></script>', attrs: embed(site, 'tcf', attrs) }),
  accept: (page) => page.click('#cmp-accept'),
  refuse: (page) => page.click('#cmp-reject'),
  async withdraw(page) {
    await page.click('#cmp-settings');
    await page.click('#cmp-reject');
  },
};

/**
 * The gtag stub and a default of denied, as Google documents them, and the site's own consent
 * tool: its buttons push `update` commands and keep the answer in a cookie, which every page
 * load pushes again (as a CMP with Consent Mode does).
 */
export const GTAG_STUB = 'window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}';
export const google: Tool = {
  mode: 'google',
  page: (site, attrs) => ({
    head:
      `<script>${GTAG_STUB}` +
      "gtag('consent', 'default', {ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied'});" +
      "var stored = document.cookie.match(/(?:^|; )site-consent=(\\w+)/); if (stored) gtag('consent', 'update', {analytics_storage: stored[1]});" +
      "function answer(v) { document.cookie = 'site-consent=' + v + '; path=/'; gtag('consent', 'update', {ad_storage: v, analytics_storage: v}); }" +
      '</script>',
    attrs: embed(site, 'google', attrs),
    body:
      '<button type="button" id="site-accept" onclick="answer(\'granted\')">Accept</button>' +
      '<button type="button" id="site-reject" onclick="answer(\'denied\')">Reject</button>',
  }),
  accept: (page) => page.click('#site-accept'),
  refuse: (page) => page.click('#site-reject'),
  withdraw: (page) => page.click('#site-reject'),
};

/** vanilla-cookieconsent v3's configuration for `categories` (besides the necessary one). */
export function cookieconsentPage(site: string, attrs = '', categories = ['analytics']): CmpPage {
  const config = {
    // It hides itself from automated browsers by default, and Playwright's is one.
    hideFromBots: false,
    categories: { necessary: { enabled: true, readOnly: true }, ...Object.fromEntries(categories.map((c) => [c, {}])) },
    language: {
      default: 'en',
      translations: {
        en: {
          consentModal: {
            title: 'Cookies',
            description: 'May we count your visit?',
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            showPreferencesBtn: 'Manage preferences',
          },
          preferencesModal: {
            title: 'Cookie preferences',
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            savePreferencesBtn: 'Save preferences',
            sections: categories.map((c) => ({ title: c, description: `The ${c} cookies`, linkedCategory: c })),
          },
        },
      },
    },
  };
  return {
    head: '<link rel="stylesheet" href="/vendor/cookieconsent.css">',
    attrs: embed(site, 'cookieconsent', attrs),
    // At the end of <body>, where its documentation runs it. Its run() binds the elements with data-cc that exist then: the settings link comes first.
    body:
      '<button type="button" data-cc="show-preferencesModal">Cookie settings</button>' +
      `<script src="/vendor/cookieconsent.js"></script><script>CookieConsent.run(${JSON.stringify(config)});</script>`,
  };
}

/** Saves the preferences with exactly these categories switched on. */
export async function cookieconsentChoose(page: Page, on: string[], categories = ['analytics']): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Cookie preferences' });
  await dialog.waitFor();
  for (const c of categories) await dialog.getByRole('checkbox', { name: c }).setChecked(on.includes(c));
  await dialog.getByRole('button', { name: 'Save preferences' }).click();
}

export const cookieconsent: Tool = {
  mode: 'cookieconsent',
  page: (site, attrs) => cookieconsentPage(site, attrs),
  accept: (page) => page.locator('.cm').getByRole('button', { name: 'Accept all' }).click(),
  refuse: (page) => page.locator('.cm').getByRole('button', { name: 'Reject all' }).click(),
  async withdraw(page) {
    await page.getByRole('button', { name: 'Cookie settings' }).click();
    await cookieconsentChoose(page, []);
  },
};

/** Klaro's configuration with these services (name, title); with `acceptAll` its notice's "That's ok" accepts all. */
export function klaroPage(site: string, attrs = '', services: [string, string][] = [['lagom', 'Visitor statistics']], delayMs?: number): CmpPage {
  const config = {
    lang: 'en',
    acceptAll: true,
    // One switch per service, not folded under its purpose.
    groupByPurpose: false,
    services: services.map(([name, title]) => ({ name, title, purposes: ['analytics'] })),
    translations: { en: { purposes: { analytics: 'Analytics' } } },
  };
  const load = '<script defer src="/vendor/klaro.js"></script>';
  const late = `<script>setTimeout(() => { const s = document.createElement('script'); s.src = '/vendor/klaro.js'; document.head.append(s); }, ${delayMs});</script>`;
  return {
    head: `<script>var klaroConfig = ${JSON.stringify(config)};</script>${delayMs === undefined ? load : ''}`,
    attrs: embed(site, 'klaro', attrs),
    // Klaro's documented way back to the choices: a link that calls klaro.show().
    body: `<button type="button" id="privacy-settings" onclick="klaro.show()">Privacy settings</button>${delayMs === undefined ? '' : late}`,
  };
}

/** Saves Klaro's settings with exactly these services switched on (by title). */
export async function klaroChoose(page: Page, on: string[], services: string[] = ['Visitor statistics']): Promise<void> {
  const modal = page.locator('.cm-modal');
  await modal.waitFor();
  for (const title of services) {
    const box = modal.getByRole('checkbox', { name: title });
    // Its switch is a styled label in front of a hidden checkbox: click the label.
    if ((await box.isChecked()) !== on.includes(title)) await modal.locator('label', { has: page.getByText(title, { exact: true }) }).click();
    if ((await box.isChecked()) !== on.includes(title)) throw new Error(`Klaro's switch for ${title} did not turn`);
  }
  await modal.locator('.cm-btn-accept').click();
}

export const klaro: Tool = {
  mode: 'klaro',
  page: (site, attrs) => klaroPage(site, attrs),
  accept: (page) => page.locator('#klaro-cookie-notice').getByRole('button', { name: "That's ok" }).click(),
  refuse: (page) => page.locator('#klaro-cookie-notice').getByRole('button', { name: 'I decline' }).click(),
  async withdraw(page) {
    await page.click('#privacy-settings');
    await klaroChoose(page, []);
  },
};

export const TOOLS = [tcf, google, cookieconsent, klaro];

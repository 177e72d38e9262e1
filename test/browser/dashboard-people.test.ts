// Settings → People in real Chromium: an owner invites (the link is shown, no mail configured),
// the pending invitation is listed and one revoked; the invitee accepts in a fresh browser and
// sees only what a viewer may do; a role change shows an admin's dashboard, without Delete site;
// removal signs the person out. The sign-in page offers "Forgot password?" only with mail.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { openPage, settled } from './dashboard-harness.js';

const ONE = 'one.test';
const TWO = 'two.test';
const VIEWER = 'invited@example.com';
const PASSWORD = 'the invitee chose this';

/** What a role is shown in Settings and the report, for asserting hiding rather than disabling. */
async function shownTo(page: Page) {
  await page.goto(new URL('/?view=settings', page.url()).href);
  await page.waitForSelector('#sites .settings-table');
  const count = (selector: string) => page.locator(selector).count();
  const out = {
    addSite: await count('#sites button:has-text("Add a site")'),
    editSite: await count('#sites button:has-text("Edit")'),
    deleteSite: await count('#sites button:has-text("Delete"), #sites .danger-ghost'),
    goalForm: await count('#goals input[name=goal-event]'),
    links: await count('#links'),
    people: await count('#people'),
    jumpLinks: await page.locator('.subnav a').allTextContents(),
    sites: await page.locator('#sites tbody tr').count(),
  };
  await page.goto(new URL('/', page.url()).href);
  await settled(page);
  return { ...out, export: await count('button:has-text("Export CSV")') };
}

describe.skipIf(!hasChromium)('dashboard people and roles', () => {
  const { lagom, browser, opened } = browserSuite({ sites: [ONE, TWO], signedIn: '/' });

  test('invite, list, revoke, accept, the viewer\'s and the admin\'s dashboards, removal', async () => {
    const { page, problems } = opened;
    // The owner sees everything.
    expect(await shownTo(page)).toMatchObject({ addSite: 1, editSite: 2, deleteSite: 2, goalForm: 1, links: 1, people: 1, export: 1 });

    await page.goto(`${lagom.url}/?view=settings#people`);
    await page.waitForSelector('#people-list table');
    expect(await page.textContent(`#people-list tr[data-person="${lagom.email}"]`)).toContain('(you)');
    // Nobody changes their own role: no select and no Remove on one's own row.
    expect(await page.locator(`#people-list tr[data-person="${lagom.email}"] select, #people-list tr[data-person="${lagom.email}"] button`).count()).toBe(0);

    // Invite a viewer of one.test; without mail the link is shown to copy.
    await page.fill('input[name=invite-email]', VIEWER);
    await page.selectOption('select[name=invite-role]', 'viewer');
    await page.check(`input[name=invite-site][value="${ONE}"]`);
    await page.click('#people button[type=submit]');
    await page.waitForSelector('#people .one-time:not([hidden])');
    expect(await page.textContent('#people .one-time')).toContain('Send this link to the person invited. It works once, for 48 hours.');
    const link = (await page.textContent('#people .invite-link'))!.trim();
    expect(link).toMatch(new RegExp(`^${lagom.url}/invite\\?token=`));
    await page.waitForSelector(`#invitations tr[data-invitation="${VIEWER}"]`);

    // A second invitation, revoked: its row goes, and its link says so.
    await page.fill('input[name=invite-email]', 'never@example.com');
    await page.selectOption('select[name=invite-role]', 'admin');
    expect(await page.isHidden('#people .site-picks')).toBe(true);
    await page.click('#people button[type=submit]');
    await page.waitForSelector('#invitations tr[data-invitation="never@example.com"]');
    // The form is empty again, the role back to viewer, and so the sites are offered again.
    expect(await page.inputValue('select[name=invite-role]')).toBe('viewer');
    await expect.poll(() => page.isVisible('#people .site-picks')).toBe(true);
    const revokedLink = (await page.textContent('#people .invite-link'))!.trim();
    await page.click('#invitations tr[data-invitation="never@example.com"] button:has-text("Revoke")');
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('#invitations tr[data-invitation="never@example.com"]', { state: 'detached' });
    expect(await page.locator(`#invitations tr[data-invitation="${VIEWER}"]`).count()).toBe(1);

    const dead = await openPage(browser, lagom, new URL(revokedLink).pathname + new URL(revokedLink).search);
    await expect.poll(() => dead.page.locator('[role=alert]').textContent()).toMatch(/^This invitation is no longer valid: it was revoked/);
    expect(await dead.page.locator('input[name=password]').count()).toBe(0);
    await dead.context.close();

    // The invitee, in a browser of their own, chooses a password and is signed in.
    const invitee = await openPage(browser, lagom, new URL(link).pathname + new URL(link).search);
    const p2 = invitee.page;
    await p2.waitForSelector('h1:has-text("Join Lagom")');
    // The page asks the server about the link first ("Loading…"), then says who is invited.
    await expect.poll(() => p2.textContent('main, body')).toContain(`You are invited as viewer, with the email ${VIEWER}.`);
    await p2.fill('input[name=password]', PASSWORD);
    await p2.click('button[type=submit]');
    await settled(p2);
    expect(await p2.textContent('.account-email')).toBe(VIEWER);
    expect(new URL(p2.url()).pathname).toBe('/');

    // A viewer of one site: nothing to change is shown, and only that site.
    expect(await shownTo(p2)).toEqual({
      addSite: 0, editSite: 0, deleteSite: 0, goalForm: 0, links: 0, people: 0, export: 0, sites: 1,
      jumpLinks: ['Sites', 'Goals', 'Privacy text', 'API keys', 'Account'],
    });

    // A used link says so.
    const reused = await openPage(browser, lagom, new URL(link).pathname + new URL(link).search);
    await expect.poll(() => reused.page.locator('[role=alert]').textContent()).toBe('This invitation was used already. Sign in with the password chosen then.');
    await reused.context.close();

    // The owner makes the viewer an admin, in place.
    // The same address as before: reloaded, for the list as it is now.
    await page.reload();
    await page.waitForSelector(`#people-list tr[data-person="${VIEWER}"] select`);
    expect(await page.textContent(`#people-list tr[data-person="${VIEWER}"]`)).toContain(ONE);
    await page.selectOption(`#people-list tr[data-person="${VIEWER}"] select`, 'admin');
    await expect.poll(() => page.locator('#people .success').textContent()).toBe(`${VIEWER} is now admin.`);

    // An admin: sites, goals, shared links, people and export, but no Delete site.
    expect(await shownTo(p2)).toMatchObject({ addSite: 1, editSite: 2, deleteSite: 0, goalForm: 1, links: 1, people: 1, export: 1, sites: 2 });
    // An admin's People offers no role above viewer, and leaves the owner alone.
    await p2.goto(`${lagom.url}/?view=settings#people`);
    await p2.waitForSelector('#people-list table');
    expect(await p2.locator('select[name=invite-role] option').allTextContents()).toEqual(['viewer']);
    expect(await p2.locator(`#people-list tr[data-person="${lagom.email}"] select, #people-list tr[data-person="${lagom.email}"] button`).count()).toBe(0);

    // Removed by the owner: the admin's next request finds the session gone.
    await page.click(`#people-list tr[data-person="${VIEWER}"] button:has-text("Remove")`);
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector(`#people-list tr[data-person="${VIEWER}"]`, { state: 'detached' });
    await p2.reload();
    await p2.waitForSelector('h1:has-text("Sign in to Lagom")');

    expect(problems).toEqual([]);
    expect(invitee.problems).toEqual([]);
    await invitee.context.close();
  });

  test('without mail the sign-in page offers no "Forgot password?"', async () => {
    const { page, context, problems } = await openPage(browser, lagom);
    await page.waitForSelector('input[name=password]');
    // The options' answer has come before asserting that the link stays hidden.
    await page.waitForLoadState('networkidle');
    expect(await page.isHidden('a:has-text("Forgot password?")')).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});

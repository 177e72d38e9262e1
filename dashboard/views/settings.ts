// The settings screen: sites, goals, the privacy text, API keys, shared links, the account and
// (for owners and admins) the audit log, one card each.
import { atLeast, type MeAnswer } from '../../protocol/people.js';
import { account, sites as sitesApi, type Site } from '../lib/api.js';
import { h, type View } from '../lib/dom.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { accountSection } from './account.js';
import { auditSection } from './audit.js';
import { goalsSection } from './goals.js';
import { keysSection } from './keys.js';
import { privacyTextSection } from './privacy-text.js';
import { showError } from './section.js';
import { linksSection } from './share-links.js';
import { sitesSection } from './sites.js';

export interface SettingsOptions {
  email: string;
  stats: StatsClient;
  /** the site the owner came from, preselected for goals, the privacy text and shared links */
  site: string | null;
  onOpenSite(site: Site): void;
  /** a request found the session gone */
  onSignedOut(): void;
  /** the owner signed out everywhere */
  onLeft(): void;
}

export function settingsView(o: SettingsOptions): View {
  const sections: View[] = [];
  const jump = h(
    'nav',
    { className: 'subnav', attrs: { 'aria-label': text.nav.settings } },
    ...[
      ['sites', text.sites.title],
      ['goals', text.goals.title],
      ['privacy', text.privacy.title],
      ['keys', text.keys.title],
      ['links', text.links.title],
      ['account', text.account.title],
      ['audit', text.audit.title],
    ].map(([id, label]) => h('a', { href: `#${id}`, textContent: label! })),
  );
  const auditLink = jump.querySelector<HTMLElement>('a[href="#audit"]')!;
  auditLink.hidden = true;
  const body = h('div', { className: 'settings-body' }, h('p', { className: 'muted' }, text.loading));
  const el = h('div', { className: 'settings' }, h('h1', {}, text.nav.settings), jump, body);
  let gone = false;

  async function start(): Promise<void> {
    let all: Site[];
    let me: MeAnswer;
    try {
      [all, me] = await Promise.all([sitesApi.list(), account.me()]);
    } catch (err) {
      return showError(body, err, o.onSignedOut);
    }
    if (gone) return;
    sections.push(
      sitesSection({ sites: all, stats: o.stats, onOpen: o.onOpenSite, onUnauthorized: o.onSignedOut }),
      goalsSection(all, o.site, o.onSignedOut),
      privacyTextSection(all, o.site, o.onSignedOut),
      keysSection(all, me.role, o.onSignedOut),
      linksSection(all, o.site, o.onSignedOut),
      accountSection(o.email, o.onLeft, o.onSignedOut),
    );
    // The server refuses the log to a viewer; the card is not offered either.
    if (atLeast(me.role, 'admin')) {
      sections.push(auditSection(me.role, o.onSignedOut));
      auditLink.hidden = false;
    }
    body.replaceChildren(...sections.map((s) => s.el));
    for (const s of sections) s.mounted?.();
  }

  return {
    el,
    mounted: () => void start(),
    destroy() {
      gone = true;
      for (const s of sections) s.destroy?.();
    },
  };
}

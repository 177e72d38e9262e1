// The settings screen: sites, goals, the privacy text, API keys, shared links and the account,
// one card each.
import { auth, sites as sitesApi, type Site } from '../lib/api.js';
import { h, type View } from '../lib/dom.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { accountSection } from './account.js';
import { goalsSection } from './goals.js';
import { keysSection } from './keys.js';
import { privacyTextSection } from './privacy-text.js';
import { showError } from './section.js';
import { linksSection } from './share-links.js';
import { sitesSection } from './sites.js';
import { requireSection } from './two-factor.js';

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
    ].map(([id, label]) => h('a', { href: `#${id}`, textContent: label! })),
  );
  const body = h('div', { className: 'settings-body' }, h('p', { className: 'muted' }, text.loading));
  const el = h('div', { className: 'settings' }, h('h1', {}, text.nav.settings), jump, body);
  let gone = false;

  async function start(): Promise<void> {
    let all: Site[];
    let owner: boolean;
    try {
      [all, owner] = await Promise.all([sitesApi.list(), auth.role().then((role) => role === 'owner')]);
    } catch (err) {
      return showError(body, err, o.onSignedOut);
    }
    if (gone) return;
    sections.push(
      sitesSection({ sites: all, stats: o.stats, onOpen: o.onOpenSite, onUnauthorized: o.onSignedOut }),
      goalsSection(all, o.site, o.onSignedOut),
      privacyTextSection(all, o.site, o.onSignedOut),
      keysSection(o.onSignedOut),
      linksSection(all, o.site, o.onSignedOut),
      accountSection(o.email, o.onLeft, o.onSignedOut),
    );
    // Instance-wide: only the owner may change it (the server checks 'instance:manage').
    if (owner) {
      sections.push(requireSection(o.onSignedOut));
      jump.append(h('a', { href: '#security', textContent: text.twoFactor.requireTitle }));
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

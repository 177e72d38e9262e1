// The settings screen: sites, goals, the privacy text, API keys, shared links, people, the
// account and the audit log, one card each; the role decides which, and what each offers
// (lib/role.ts).
import { sites as sitesApi, type Me, type Site } from '../lib/api.js';
import { h, type View } from '../lib/dom.js';
import { abilities } from '../lib/role.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { accountSection } from './account.js';
import { auditSection } from './audit.js';
import { goalsSection } from './goals.js';
import { keysSection } from './keys.js';
import { privacyTextSection } from './privacy-text.js';
import { showError } from './section.js';
import { peopleSection } from './people.js';
import { linksSection } from './share-links.js';
import { sitesSection } from './sites.js';
import { requireSection } from './two-factor.js';

export interface SettingsOptions {
  me: Me;
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
  const can = abilities(o.me);
  // Hidden rather than disabled: what the role cannot do is not offered at all.
  const shown: Array<[id: string, label: string, show: boolean]> = [
    ['sites', text.sites.title, true],
    ['goals', text.goals.title, true],
    ['privacy', text.privacy.title, true],
    ['keys', text.keys.title, true],
    ['links', text.links.title, can.links],
    ['people', text.people.title, can.people],
    ['account', text.account.title, true],
    ['audit', text.audit.title, can.audit],
  ];
  const jump = h(
    'nav',
    { className: 'subnav', attrs: { 'aria-label': text.nav.settings } },
    ...shown.filter(([, , show]) => show).map(([id, label]) => h('a', { href: `#${id}`, textContent: label })),
  );
  const body = h('div', { className: 'settings-body' }, h('p', { className: 'muted' }, text.loading));
  const el = h('div', { className: 'settings' }, h('h1', {}, text.nav.settings), jump, body);
  let gone = false;

  async function start(): Promise<void> {
    let all: Site[];
    const owner = o.me.role === 'owner';
    try {
      all = await sitesApi.list();
    } catch (err) {
      return showError(body, err, o.onSignedOut);
    }
    if (gone) return;
    sections.push(
      sitesSection({ sites: all, stats: o.stats, onOpen: o.onOpenSite, onUnauthorized: o.onSignedOut, can }),
      goalsSection(all, o.site, o.onSignedOut, can.writeSites),
      privacyTextSection(all, o.site, o.onSignedOut),
      keysSection(all, o.me.role, o.onSignedOut),
      ...(can.links ? [linksSection(all, o.site, o.onSignedOut)] : []),
      ...(can.people ? [peopleSection({ me: o.me, sites: all, onUnauthorized: o.onSignedOut })] : []),
      accountSection(o.me.email, o.onLeft, o.onSignedOut),
      // The server refuses the log to a viewer; the card is not offered either.
      ...(can.audit ? [auditSection(o.me.role, o.onSignedOut)] : []),
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

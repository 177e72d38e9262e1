// The signed-in screen: the top bar with its navigation, then the report, the settings, or —
// with no site yet — the form to add the first one. The address bar says which (see state.ts),
// and Back and Forward move between them.
import { auth, sites as sitesApi, type Me, type Site } from '../lib/api.js';
import { h, slot, type View } from '../lib/dom.js';
import { isUnauthorized } from '../lib/http.js';
import { lastSite, rememberSite } from '../lib/last-site.js';
import type { RangeKey } from '../lib/periods.js';
import { abilities } from '../lib/role.js';
import { readState, searchOf, writeState, type Screen, type ViewState } from '../lib/state.js';
import { statsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { addSiteView } from './add-site.js';
import { takeSignedIn } from './login.js';
import { alertLine, errorMessage } from './form.js';
import { missingSiteView } from './missing-site.js';
import { reportView, type ReportView } from './report.js';
import { settingsView } from './settings.js';
import { topbar } from './topbar.js';

/** 'expired': a request found the session gone (signed out elsewhere, or too old). */
export type SignOutReason = 'signed-out' | 'expired';

export function shellView(me: Me, onLeave: (reason: SignOutReason) => void): View {
  const { email } = me;
  const can = abilities(me);
  // A request that was in flight when the shell went (signed out) answers 401 later: by then the
  // sign-in page is up, and must not be replaced by another (it would lose what is typed there).
  const onSignedOut = (): void => {
    if (!gone) onLeave('expired');
  };
  const stats = statsClient();
  const main = h('main', { className: 'page', id: 'main' }, h('p', { className: 'muted' }, text.loading));
  const content = slot(main);
  const links = {
    report: h('a', { className: 'nav-link', textContent: text.nav.dashboard }),
    settings: h('a', { className: 'nav-link', textContent: text.nav.settings }),
  };
  const skip = h('a', { className: 'skip-link', href: '#main', on: { click: (event) => (event.preventDefault(), focusHeading()) } });
  const signOut = h('button', { type: 'button', className: 'button ghost small', textContent: text.auth.signOut });
  const el = h(
    'div',
    { className: 'shell' },
    skip,
    topbar(h('nav', { className: 'nav', attrs: { 'aria-label': text.nav.main } }, links.report, links.settings), h('span', { className: 'account-email', title: email }, email), signOut),
    main,
  );

  let report: ReportView | null = null;
  let screen: Screen | null = null;
  let gone = false;
  // Straight after the sign-in form, focus goes to the new screen's heading rather than be lost on
  // <body>; on a page load it stays put, so that the first Tab reaches the skip link.
  let focusPending = takeSignedIn();

  /** The skip link's target: the screen's h1 (settings, report), or the main area itself. */
  function focusHeading(): void {
    const target = main.querySelector('h1') ?? main;
    if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus();
  }

  function showContent(view: View): void {
    content.show(view);
    // A screen that focuses a field of its own (the first site's form) keeps it.
    if (focusPending && !main.querySelector('[autofocus]')) focusHeading();
    focusPending = false;
  }

  /** the sites of the last list, to tell a `?site=` that is not among them */
  let known: Site[] = [];
  const isKnown = (domain: string | null) => known.some((s) => s.domain === domain || s.display_domain === domain);

  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    // Leave even if the call fails: the next request would send us to sign-in anyway.
    await auth.logout().catch(() => undefined);
    onLeave('signed-out');
  });

  const hrefFor = (state: ViewState, target: Screen) => `/${searchOf(target === 'settings' ? { ...state, screen: 'settings', filters: [] } : { ...readState(''), site: state.site })}`;

  for (const target of ['report', 'settings'] as const) {
    links[target].addEventListener('click', (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      history.pushState(null, '', links[target].href);
      void show(readState());
    });
  }

  function markNav(state: ViewState): void {
    skip.textContent = state.screen === 'settings' ? text.nav.skipSettings : text.nav.skipReport;
    for (const target of ['report', 'settings'] as const) {
      links[target].href = hrefFor(state, target);
      if (target === state.screen) links[target].setAttribute('aria-current', 'page');
      else links[target].removeAttribute('aria-current');
    }
  }

  function openSite(site: Site, range: RangeKey = readState('').range): void {
    history.pushState(null, '', `/${searchOf({ ...readState(''), site: site.domain, range })}`);
    void show(readState());
  }

  async function show(state: ViewState): Promise<void> {
    markNav(state);
    if (state.screen === screen) {
      // A jump to a settings section (#keys) is a history entry too: nothing to redo.
      if (screen === 'settings') return;
      if (report && (state.site === null || isKnown(state.site))) return report.apply(state);
    }
    screen = state.screen;
    report = null;
    if (state.screen === 'settings') {
      showContent(settingsView({ me, stats, site: state.site, onOpenSite: openSite, onSignedOut, onLeft: () => onLeave('signed-out') }));
      return;
    }
    try {
      const list = await sitesApi.list();
      if (gone) return;
      if (list.length === 0 && !can.writeSites) {
        showContent({ el: h('p', { className: 'muted boot' }, text.sites.noSitesShared) });
        return;
      }
      if (list.length === 0) {
        // A site just installed has only today's events, which "Last 30 days" leaves out.
        showContent(addSiteView({ stats, first: true, onDone: (site) => openSite(site, 'day') }));
        screen = null;
        return;
      }
      known = list;
      if (state.site !== null && !isKnown(state.site)) {
        // Never another site's numbers under a name that is not there.
        showContent(missingSiteView(state.site, list, (site) => openSite(site)));
        screen = null;
        return;
      }
      // Without ?site=, where this browser was last (if that site is still in reach).
      const site = state.site ?? (isKnown(lastSite()) ? lastSite() : null);
      const onSite = (domain: string) => {
        rememberSite(domain);
        // The Settings link follows the site shown, for the goals and links there.
        markNav(readState());
      };
      report = reportView({ sites: list, initial: { ...state, site }, stats, shared: false, exportable: can.export, location: me.location, onUnauthorized: onSignedOut, onSite });
      showContent(report);
      markNav({ ...state, site: readState().site });
    } catch (err) {
      if (isUnauthorized(err)) return onSignedOut();
      showContent({ el: alertLine(errorMessage(err), 'notice') });
    }
  }

  const onPop = () => void show(readState());

  return {
    el,
    mounted() {
      window.addEventListener('popstate', onPop);
      const state = readState();
      writeState(state);
      void show(state);
    },
    destroy() {
      gone = true;
      window.removeEventListener('popstate', onPop);
      content.clear();
    },
  };
}

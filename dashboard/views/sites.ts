// Settings → Sites: every site with its time zone, its install snippet, an edit form for its
// zone and settings, and a delete that asks for the domain to be typed, since it takes all the
// site's data with it. Sites are shown by their Unicode name and addressed by the stored
// (punycode) one.
import { sites as sitesApi, type Site, type SiteDetail } from '../lib/api.js';
import { button, h, type View } from '../lib/dom.js';
import type { Abilities } from '../lib/role.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { addSiteView } from './add-site.js';
import { confirmDialog, openDialog, type Dialog } from './dialog.js';
import { editSiteForm } from './edit-site.js';
import { errorMessage } from './form.js';
import { section, settingsTable, showError } from './section.js';
import { installView } from './snippet.js';

export interface SitesOptions {
  /** the sites as the settings screen loaded them: the first table needs no request of its own */
  sites: Site[];
  stats: StatsClient;
  onOpen(site: Site): void;
  onUnauthorized(): void;
  /** what the role may do: a viewer edits and adds nothing, only an owner deletes */
  can: Pick<Abilities, 'writeSites' | 'deleteSites'>;
}

export function sitesSection(o: SitesOptions): View {
  const t = text.sites;
  const table = (all: Site[]) => settingsTable(t.emptyIntro, [[t.domain], [t.timezone, true]], all.map(row));
  const list = h('div', { className: 'settings-list' }, table(o.sites));
  let adder: View | null = null;
  const addSlot = h('div');
  const el = section('sites', t.title, t.intro, list, addSlot);

  /**
   * A dialog about one site, filled once its settings have loaded (the list holds only names and
   * zones); closing it first cancels the load.
   */
  function siteDialog(title: string, site: Site, fill: (detail: SiteDetail, dialog: Dialog) => View): void {
    const aborter = new AbortController();
    let view: View | undefined;
    const onClose = () => {
      aborter.abort();
      view?.destroy?.();
    };
    const dialog = openDialog(title, { wide: true, onClose }, h('p', { className: 'muted' }, text.loading));
    sitesApi.get(site.domain, aborter.signal).then(
      (detail) => {
        view = fill(detail, dialog);
        dialog.body.replaceChildren(view.el);
        view.mounted?.();
      },
      (err: unknown) => {
        if (aborter.signal.aborted) return;
        // Signed out meanwhile: the dialog goes with the screen it stood on.
        showError(dialog.body, err, () => {
          dialog.close();
          o.onUnauthorized();
        });
      },
    );
  }

  const showInstall = (site: Site) => siteDialog(t.snippetTitle(site.display_domain), site, (detail) => installView(detail, o.stats));

  const edit = (site: Site) => siteDialog(t.editTitle(site.display_domain), site, (detail, dialog) => editSiteForm(detail, dialog, refresh));

  function remove(site: Site): void {
    const name = site.display_domain;
    confirmDialog(
      { title: t.removeTitle(name), message: t.removeWarning, confirmLabel: t.removeButton, typeToConfirm: { label: t.removeConfirm(name), value: name } },
      async () => {
        await sitesApi.remove(site.domain);
        await refresh();
      },
      errorMessage,
    );
  }

  function row(site: Site): HTMLElement {
    return h(
      'tr',
      { attrs: { 'data-site': site.domain } },
      // The punycode name on hover: it is what the site's visitors' browsers send.
      h('td', { className: 'strong', ...(site.display_domain !== site.domain && { title: site.domain }) }, site.display_domain),
      h('td', { className: 'muted hide-narrow' }, site.timezone),
      h(
        'td',
        { className: 'actions-cell' },
        button(t.snippet, () => showInstall(site), 'button small'),
        o.can.writeSites && button(t.edit, () => edit(site), 'button small'),
        o.can.deleteSites && button(t.remove, () => remove(site), 'button small danger-ghost'),
      ),
    );
  }

  async function refresh(): Promise<void> {
    try {
      list.replaceChildren(table(await sitesApi.list()));
    } catch (err) {
      showError(list, err, o.onUnauthorized);
    }
  }

  function showAdder(): void {
    adder?.destroy?.();
    adder = addSiteView({
      stats: o.stats,
      first: false,
      onAdded: () => void refresh(),
      onDone: (site) => o.onOpen(site),
    });
    addSlot.replaceChildren(adder.el);
    adder.el.querySelector('input')?.focus();
  }

  return {
    el,
    mounted() {
      // A fresh form after each addition, so another site can follow.
      if (o.can.writeSites) addSlot.append(button(t.addAnother, showAdder, 'button primary'));
    },
    destroy: () => adder?.destroy?.(),
  };
}

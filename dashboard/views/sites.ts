// Settings → Sites: every site with its time zone, its install snippet and a delete that asks
// for the domain to be typed, since it takes all the site's data with it.
import { sites as sitesApi, type Site } from '../api.js';
import { button, h, type View } from '../dom.js';
import type { StatsClient } from '../stats.js';
import { text } from '../text.js';
import { addSiteView } from './add-site.js';
import { confirmDialog, openDialog } from './dialog.js';
import { errorMessage } from './form.js';
import { section, settingsTable, showError } from './section.js';
import { installView } from './snippet.js';

export interface SitesOptions {
  stats: StatsClient;
  onOpen(site: Site): void;
  onUnauthorized(): void;
}

export function sitesSection(o: SitesOptions): View {
  const t = text.sites;
  const list = h('div', { className: 'settings-list' }, h('p', { className: 'muted' }, text.loading));
  let adder: View | null = null;
  const addSlot = h('div');
  const el = section('sites', t.title, t.intro, list, addSlot);

  function showInstall(site: Site): void {
    const install = installView(site.domain, o.stats);
    openDialog(t.snippetTitle(site.domain), { wide: true, onClose: () => install.destroy?.() }, install.el);
    install.mounted?.();
  }

  function remove(site: Site): void {
    confirmDialog(
      { title: t.removeTitle(site.domain), message: t.removeWarning, confirmLabel: t.removeButton, typeToConfirm: { label: t.removeConfirm(site.domain), value: site.domain } },
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
      h('td', { className: 'strong' }, site.domain),
      h('td', { className: 'muted hide-narrow' }, site.timezone),
      h('td', { className: 'actions-cell' }, button(t.snippet, () => showInstall(site), 'button small'), button(t.remove, () => remove(site), 'button small danger-ghost')),
    );
  }

  async function refresh(): Promise<void> {
    try {
      const all = await sitesApi.list();
      list.replaceChildren(settingsTable(t.emptyIntro, [[t.domain], [t.timezone, true]], all.map(row)));
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
      void refresh();
      // A fresh form after each addition, so another site can follow.
      addSlot.append(button(t.addAnother, showAdder, 'button primary'));
    },
    destroy: () => adder?.destroy?.(),
  };
}

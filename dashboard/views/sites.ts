// Settings → Sites: every site with its time zone, its install snippet, an edit form and a
// delete that asks for the domain to be typed, since it takes all the site's data with it.
// Sites are shown by their Unicode name and addressed by the stored (punycode) one.
import { sites as sitesApi, type Site } from '../lib/api.js';
import { button, field, h, type View } from '../lib/dom.js';
import type { StatsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { addSiteView, timezoneSelect } from './add-site.js';
import { confirmDialog, openDialog } from './dialog.js';
import { errorMessage, form } from './form.js';
import { section, settingsTable, showError } from './section.js';
import { installView } from './snippet.js';

export interface SitesOptions {
  /** the sites as the settings screen loaded them: the first table needs no request of its own */
  sites: Site[];
  stats: StatsClient;
  onOpen(site: Site): void;
  onUnauthorized(): void;
}

export function sitesSection(o: SitesOptions): View {
  const t = text.sites;
  const table = (all: Site[]) => settingsTable(t.emptyIntro, [[t.domain], [t.timezone, true]], all.map(row));
  const list = h('div', { className: 'settings-list' }, table(o.sites));
  let adder: View | null = null;
  const addSlot = h('div');
  const el = section('sites', t.title, t.intro, list, addSlot);

  function showInstall(site: Site): void {
    const install = installView(site.domain, o.stats);
    openDialog(t.snippetTitle(site.display_domain), { wide: true, onClose: () => install.destroy?.() }, install.el);
    install.mounted?.();
  }

  function edit(site: Site): void {
    const timezone = timezoneSelect(site.timezone);
    const dialog = openDialog(t.editTitle(site.display_domain));
    dialog.body.append(
      form(
        {
          submitLabel: t.save,
          busyLabel: t.saving,
          async onSubmit() {
            await sitesApi.update(site.domain, { timezone: timezone.value });
            dialog.close();
            await refresh();
          },
        },
        field(t.timezone, timezone, t.timezoneHint),
      ),
    );
    timezone.focus();
  }

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
        button(t.edit, () => edit(site), 'button small'),
        button(t.remove, () => remove(site), 'button small danger-ghost'),
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
      addSlot.append(button(t.addAnother, showAdder, 'button primary'));
    },
    destroy: () => adder?.destroy?.(),
  };
}

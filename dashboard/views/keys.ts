// Settings → API keys: create one (shown once) with its scopes and, if wanted, its sites; list
// them by name, prefix, scopes and sites; revoke.
import type { KeyScope, Role } from '../../protocol/people.js';
import { keys as keysApi, type ApiKey, type Site } from '../lib/api.js';
import { button, field, h, type View } from '../lib/dom.js';
import { formatDay } from '../lib/format.js';
import { text } from '../lib/text.js';
import { copyable } from './copy.js';
import { confirmDialog } from './dialog.js';
import { errorMessage, form, input } from './form.js';
import { datePart, section, settingsTable, showError } from './section.js';

/** A checkbox with its label, in the settings' switch style. */
function check(id: string, label: string, value: string, checked: boolean): { row: HTMLElement; box: HTMLInputElement } {
  // defaultChecked too: the form's reset after a key is made goes back to it.
  const box = h('input', { type: 'checkbox', id, value, checked, defaultChecked: checked });
  return { row: h('div', { className: 'switch' }, box, h('label', { htmlFor: id }, label)), box };
}

export function keysSection(sites: Site[], role: Role, onUnauthorized: () => void): View {
  const t = text.keys;
  const scopeLabel: Record<KeyScope, string> = { 'stats:read': t.readStats, 'sites:write': t.manageSites };
  // A viewer's key can only read (the server refuses more); an admin's and an owner's may write.
  const offered: KeyScope[] = role === 'viewer' ? ['stats:read'] : ['stats:read', 'sites:write'];
  const scopeBoxes = offered.map((s) => check(`key-scope-${s.replace(':', '-')}`, scopeLabel[s], s, s === 'stats:read'));
  const siteBoxes = sites.map((s) => check(`key-site-${s.domain}`, s.display_domain, s.domain, false));
  const access = h(
    'fieldset',
    { className: 'settings-fieldset' },
    h('legend', {}, t.access),
    ...scopeBoxes.map((b) => b.row),
    role === 'viewer' && h('p', { className: 'muted' }, t.viewerReadOnly),
  );
  const reach = h('fieldset', { className: 'settings-fieldset' }, h('legend', {}, t.sites), h('p', { className: 'muted' }, t.sitesHint), ...siteBoxes.map((b) => b.row));
  const ticked = (boxes: { box: HTMLInputElement }[]) => boxes.filter((b) => b.box.checked).map((b) => b.box.value);
  const list = h('div', { className: 'settings-list' }, h('p', { className: 'muted' }, text.loading));
  const created = h('div', { className: 'one-time', hidden: true, attrs: { role: 'status' } });
  const name = input({ type: 'text', name: 'key-name', required: true, maxLength: 100, autocomplete: 'off' });
  const create = form(
    {
      className: 'narrow-form',
      submitLabel: t.create,
      async onSubmit() {
        const scopes = ticked(scopeBoxes) as KeyScope[];
        if (scopes.length === 0) throw new Error(t.noScope);
        const { key } = await keysApi.create(name.value.trim(), scopes, ticked(siteBoxes));
        created.replaceChildren(h('p', { className: 'strong' }, t.createdOnce), copyable(key, 'secret'));
        created.hidden = false;
        await refresh();
        return true;
      },
    },
    field(t.name, name, t.nameHint),
    access,
    sites.length > 0 && reach,
  );
  const el = section('keys', t.title, t.intro, create, created, list);

  function revoke(key: ApiKey): void {
    confirmDialog(
      { title: t.revokeTitle(key.name), message: t.revokeWarning, confirmLabel: t.revoke },
      async () => {
        await keysApi.revoke(key.id);
        created.hidden = true;
        await refresh();
      },
      errorMessage,
    );
  }

  async function refresh(): Promise<void> {
    try {
      const all = await keysApi.list();
      const rows = all.map((k) =>
        h(
          'tr',
          { attrs: { 'data-key': k.id } },
          h('td', { className: 'strong' }, k.name),
          h('td', { className: 'hide-narrow' }, h('code', {}, `${k.prefix}…`)),
          h('td', { className: 'key-scopes' }, k.scopes.map((s) => scopeLabel[s] ?? s).join(', ')),
          h('td', { className: 'key-sites hide-narrow' }, k.sites.length ? k.sites.join(', ') : t.allSites),
          h('td', { className: 'muted hide-narrow' }, datePart(k.created_at) ? formatDay(datePart(k.created_at)) : ''),
          h('td', { className: 'actions-cell' }, button(t.revoke, () => revoke(k), 'button small danger-ghost')),
        ),
      );
      list.replaceChildren(settingsTable(t.none, [[t.name], [t.key, true], [t.access], [t.sites, true], [t.created, true]], rows));
    } catch (err) {
      showError(list, err, onUnauthorized);
    }
  }

  return { el, mounted: () => void refresh() };
}

// Settings → API keys: create one (shown once), list them by name and prefix, revoke.
import { keys as keysApi, type ApiKey } from '../lib/api.js';
import { button, field, h, type View } from '../lib/dom.js';
import { formatDay } from '../lib/format.js';
import { text } from '../lib/text.js';
import { copyable } from './copy.js';
import { confirmDialog } from './dialog.js';
import { errorMessage, form, input } from './form.js';
import { datePart, section, settingsTable, showError } from './section.js';

export function keysSection(onUnauthorized: () => void): View {
  const t = text.keys;
  const list = h('div', { className: 'settings-list' }, h('p', { className: 'muted' }, text.loading));
  const created = h('div', { className: 'one-time', hidden: true, attrs: { role: 'status' } });
  const name = input({ type: 'text', name: 'key-name', required: true, maxLength: 100, autocomplete: 'off' });
  const create = form(
    {
      className: 'narrow-form',
      submitLabel: t.create,
      async onSubmit() {
        const { key } = await keysApi.create(name.value.trim());
        created.replaceChildren(h('p', { className: 'strong' }, t.createdOnce), copyable(key, 'secret'));
        created.hidden = false;
        await refresh();
        return true;
      },
    },
    field(t.name, name, t.nameHint),
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
          h('td', {}, h('code', {}, `${k.prefix}…`)),
          h('td', { className: 'muted hide-narrow' }, datePart(k.created_at) ? formatDay(datePart(k.created_at)) : ''),
          h('td', { className: 'actions-cell' }, button(t.revoke, () => revoke(k), 'button small danger-ghost')),
        ),
      );
      list.replaceChildren(settingsTable(t.none, [[t.name], [t.key], [t.created, true]], rows));
    } catch (err) {
      showError(list, err, onUnauthorized);
    }
  }

  return { el, mounted: () => void refresh() };
}

// Settings → Shared links: read-only dashboards of one site, optionally behind a password.
// Every site's links are listed, each under its site's name, so that a site chosen in the form
// never hides another's links behind a "none".
import { sharedLinks, type SharedLink, type Site } from '../lib/api.js';
import { button, field, h, icon, type View } from '../lib/dom.js';
import { text } from '../lib/text.js';
import { copyable } from './copy.js';
import { confirmDialog } from './dialog.js';
import { errorMessage, form, input } from './form.js';
import { section, showError } from './section.js';

export function linksSection(sites: Site[], preferred: string | null, onUnauthorized: () => void): View {
  const t = text.links;
  if (sites.length === 0) return { el: section('links', t.title, t.intro) };
  const site = h('select', { className: 'input', name: 'link-site' }, ...sites.map((s) => h('option', { value: s.domain, textContent: s.display_domain, selected: s.domain === preferred })));
  const name = input({ type: 'text', name: 'link-name', required: true, maxLength: 100, autocomplete: 'off' });
  const password = input({ type: 'password', name: 'link-password', minLength: 8, autocomplete: 'new-password' });
  const list = h('div', { className: 'settings-list' });
  const create = form(
    {
      className: 'inline-form',
      submitLabel: t.create,
      async onSubmit() {
        await sharedLinks.create(site.value, name.value.trim(), password.value);
        await refresh();
        name.value = password.value = '';
      },
    },
    field(t.site, site),
    field(t.name, name, t.nameHint),
    field(t.password, password, t.passwordHint),
  );
  const el = section('links', t.title, t.intro, create, list);

  function revoke(link: SharedLink): void {
    confirmDialog(
      { title: t.revokeTitle(link.name), message: t.revokeWarning, confirmLabel: t.revoke },
      async () => {
        await sharedLinks.revoke(link.id);
        await refresh();
      },
      errorMessage,
    );
  }

  function item(link: SharedLink & { site: string }): HTMLElement {
    const url = `${location.origin}${link.url}`;
    return h(
      'li',
      { className: 'link-item', attrs: { 'data-link': link.id, 'data-site': link.site } },
      h(
        'div',
        { className: 'link-head' },
        h('span', { className: 'strong' }, link.name),
        link.has_password && h('span', { className: 'badge', title: t.protected }, icon('lock'), h('span', {}, t.protected)),
        h('span', { className: 'spacer' }),
        h('a', { className: 'button small', href: url, target: '_blank', rel: 'noopener', textContent: t.open }),
        button(t.revoke, () => revoke(link), 'button small danger-ghost'),
      ),
      copyable(url, 'link-url'),
    );
  }

  async function refresh(): Promise<void> {
    try {
      const all = await Promise.all(sites.map(async (s) => ({ site: s, links: await sharedLinks.list(s.domain) })));
      const shown = all.filter((x) => x.links.length > 0);
      list.replaceChildren(
        ...(shown.length === 0
          ? [h('p', { className: 'muted' }, text.states.linksNone)]
          : shown.flatMap((x) => [h('h3', { className: 'links-site' }, x.site.display_domain), h('ul', { className: 'link-list' }, ...x.links.map((l) => item({ ...l, site: x.site.domain })))])),
      );
    } catch (err) {
      showError(list, err, onUnauthorized);
    }
  }

  return { el, mounted: () => void refresh() };
}

// Settings → People (admins and owners): invite someone (the one-time link is shown, and mailed
// when the server can), the pending invitations with Revoke, and the people with access, whose
// role is changed in place and who can be removed. Only what the signed-in role may change is
// offered (protocol/people.ts `manages`): an admin manages viewers, an owner everyone, nobody
// themselves. The server checks all of it again.
import { manages, ROLES, type Role } from '../../protocol/people.js';
import { people as peopleApi, type Invitation, type Me, type Person, type Site } from '../lib/api.js';
import { button, field, h, type View } from '../lib/dom.js';
import { formatDay } from '../lib/format.js';
import { text } from '../lib/text.js';
import { copyable } from './copy.js';
import { confirmDialog } from './dialog.js';
import { alertLine, errorMessage, form, input } from './form.js';
import { datePart, section, settingsTable, showError } from './section.js';

export interface PeopleOptions {
  me: Me;
  sites: Site[];
  onUnauthorized(): void;
}

const roleName = (role: Role) => text.people.roles[role] ?? role;

export function peopleSection(o: PeopleOptions): View {
  const t = text.people;
  const givable = ROLES.filter((r) => manages(o.me.role, r));
  const roleSelect = (name: string, value: Role) =>
    h('select', { className: 'input', name }, ...givable.map((r) => h('option', { value: r, textContent: roleName(r), selected: r === value })));

  // The invitation form: a viewer may be limited to some sites.
  const email = input({ type: 'email', name: 'invite-email', required: true, autocomplete: 'off', maxLength: 320 });
  const role = roleSelect('invite-role', 'viewer');
  const boxes = o.sites.map((s) => h('input', { type: 'checkbox', name: 'invite-site', value: s.domain }));
  const sitesField = h(
    'fieldset',
    { className: 'site-picks' },
    h('legend', {}, t.sites),
    ...o.sites.map((s, i) => h('label', { className: 'check' }, boxes[i]!, ` ${s.display_domain}`)),
    h('p', { className: 'field-hint' }, t.sitesHint),
  );
  const showSites = () => {
    sitesField.hidden = role.value !== 'viewer' || o.sites.length === 0;
  };
  role.addEventListener('change', showSites);
  showSites();
  const made = h('div', { className: 'one-time', hidden: true, attrs: { role: 'status' } });
  const invite = form(
    {
      className: 'narrow-form',
      submitLabel: t.invite,
      async onSubmit() {
        const chosen = role.value as Role;
        const sites = chosen === 'viewer' ? boxes.filter((b) => b.checked).map((b) => b.value) : [];
        const answer = await peopleApi.invite(email.value.trim(), chosen, sites);
        made.replaceChildren(h('p', { className: 'strong' }, answer.mailed ? t.mailed(answer.email) : t.linkOnce), copyable(answer.url, 'invite-link'));
        made.hidden = false;
        await refresh();
        return true;
      },
    },
    field(t.email, email),
    field(t.role, role),
    sitesField,
  );
  // The form empties after an invitation, the role back to viewer: the sites show again. The
  // reset event comes before the fields change.
  invite.addEventListener('reset', () => setTimeout(showSites));

  const notice = h('p', { className: 'success', hidden: true, attrs: { role: 'status' } });
  const failure = alertLine(null);
  const pending = h('div', { className: 'settings-list', id: 'invitations' }, h('p', { className: 'muted' }, text.loading));
  const everyone = h('div', { className: 'settings-list', id: 'people-list' }, h('p', { className: 'muted' }, text.loading));
  const el = section('people', t.title, t.intro, invite, made, h('h3', {}, t.pending), pending, h('h3', {}, t.everyone), notice, failure, everyone);

  const siteNames = (domains: string[]) =>
    domains.length ? domains.map((d) => o.sites.find((s) => s.domain === d)?.display_domain ?? d).join(', ') : t.allSites;

  function revoke(invitation: Invitation): void {
    confirmDialog({ title: t.revokeTitle(invitation.email), message: t.revokeWarning, confirmLabel: t.revoke }, async () => {
      await peopleApi.revoke(invitation.id);
      made.hidden = true;
      await refresh();
    }, errorMessage);
  }

  function remove(person: Person): void {
    confirmDialog({ title: t.removeTitle(person.email), message: t.removeWarning, confirmLabel: t.remove }, async () => {
      await peopleApi.remove(person.email);
      await refresh();
    }, errorMessage);
  }

  async function changeRole(person: Person, next: Role, select: HTMLSelectElement): Promise<void> {
    notice.hidden = true;
    failure.hidden = true;
    select.disabled = true;
    try {
      await peopleApi.change(person.email, { role: next });
      notice.textContent = t.changed(person.email, roleName(next));
      notice.hidden = false;
      await refresh();
    } catch (err) {
      select.value = person.role;
      select.disabled = false;
      failure.textContent = errorMessage(err);
      failure.hidden = false;
    }
  }

  function personRow(person: Person): HTMLElement {
    const self = person.email === o.me.email;
    const mine = !self && manages(o.me.role, person.role);
    let roleCell: HTMLElement | string = roleName(person.role);
    if (mine) {
      const select = roleSelect('person-role', person.role);
      select.setAttribute('aria-label', `${t.role}: ${person.email}`);
      select.addEventListener('change', () => void changeRole(person, select.value as Role, select));
      roleCell = select;
    }
    return h(
      'tr',
      { attrs: { 'data-person': person.email } },
      h('td', { className: 'strong' }, person.email, self && ` ${t.you}`),
      h('td', {}, roleCell),
      h('td', { className: 'muted hide-narrow' }, person.role === 'viewer' ? siteNames(person.sites) : t.allSites),
      h('td', { className: 'actions-cell' }, mine && button(t.remove, () => remove(person), 'button small danger-ghost')),
    );
  }

  function invitationRow(invitation: Invitation): HTMLElement {
    return h(
      'tr',
      { attrs: { 'data-invitation': invitation.email } },
      h('td', { className: 'strong' }, invitation.email),
      h('td', {}, roleName(invitation.role)),
      h('td', { className: 'muted hide-narrow' }, formatDay(datePart(invitation.expires_at))),
      h('td', { className: 'muted hide-narrow' }, invitation.invited_by),
      h('td', { className: 'actions-cell' }, manages(o.me.role, invitation.role) && button(t.revoke, () => revoke(invitation), 'button small danger-ghost')),
    );
  }

  async function refresh(): Promise<void> {
    try {
      const [invitations, all] = await Promise.all([peopleApi.invitations(), peopleApi.list()]);
      pending.replaceChildren(settingsTable(t.pendingNone, [[t.email], [t.role], [t.expires, true], [t.invitedBy, true]], invitations.map(invitationRow)));
      everyone.replaceChildren(settingsTable('', [[t.email], [t.role], [t.sites, true]], all.map(personRow)));
    } catch (err) {
      showError(everyone, err, o.onUnauthorized);
    }
  }

  return { el, mounted: () => void refresh() };
}

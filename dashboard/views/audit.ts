// Settings → Audit log (owners and admins): who changed what, newest first, fifty at a time;
// an owner sets how long entries are kept.
import type { AuditEntryView } from '../../protocol/account.js';
import type { Role } from '../../protocol/people.js';
import { auditLog } from '../lib/api.js';
import { button, field, h, type View } from '../lib/dom.js';
import { formatMoment } from '../lib/format.js';
import { text } from '../lib/text.js';
import { form, input } from './form.js';
import { section, settingsTable, showError } from './section.js';

/** The detail as short "key: value" text; it holds what changed, never a secret. */
const detailText = (detail: Record<string, unknown>): string =>
  Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');

const entryRow = (e: AuditEntryView): HTMLElement =>
  h(
    'tr',
    { attrs: { 'data-action': e.action } },
    h('td', { className: 'muted' }, formatMoment(e.at)),
    h('td', {}, e.actor),
    h('td', {}, h('code', {}, e.action)),
    h('td', { className: 'strong' }, e.target),
    h('td', { className: 'muted hide-narrow audit-detail' }, detailText(e.detail)),
  );

export function auditSection(role: Role, onUnauthorized: () => void): View {
  const t = text.audit;
  // It scrolls sideways on a phone: a tab stop, so that the arrow keys can scroll it.
  const list = h('div', { className: 'settings-list table-scroll', tabIndex: 0, attrs: { role: 'group', 'aria-label': text.audit.title } }, h('p', { className: 'muted' }, text.loading));
  const more = h('p', { hidden: true });
  const saved = h('p', { className: 'success', hidden: true, attrs: { role: 'status' } }, t.retentionSaved);
  const days = input({ type: 'number', name: 'audit-retention', min: '1', max: '3660', step: '1', required: true, disabled: role !== 'owner' });
  const retention = form(
    {
      className: 'narrow-form',
      submitLabel: t.saveRetention,
      async onSubmit() {
        saved.hidden = true;
        await auditLog.setRetention(Number(days.value));
        saved.hidden = false;
        // The change is an entry of its own.
        await load(null);
      },
    },
    field(t.retention, days, t.retentionHint),
  );
  if (role !== 'owner') retention.querySelector('button')?.setAttribute('hidden', '');
  const el = section('audit', t.title, t.intro, retention, saved, list, more);
  let rows: HTMLElement[] = [];

  async function load(before: string | null): Promise<void> {
    try {
      const page = await auditLog.page(before);
      rows = before === null ? page.entries.map(entryRow) : [...rows, ...page.entries.map(entryRow)];
      list.replaceChildren(settingsTable(t.none, [[t.when], [t.who], [t.what], [t.target], [t.details, true]], rows));
      more.replaceChildren(...(page.before ? [button(t.older, () => void load(page.before), 'button small')] : []));
      more.hidden = page.before === null;
    } catch (err) {
      showError(list, err, onUnauthorized);
    }
  }

  async function start(): Promise<void> {
    try {
      days.value = String((await auditLog.retention()).days);
    } catch (err) {
      return showError(list, err, onUnauthorized);
    }
    await load(null);
  }

  return { el, mounted: () => void start() };
}

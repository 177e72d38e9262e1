// Settings → Goals: what a site counts as a conversion, a custom event by name or a visit to a
// page path pattern, each under the name the report shows. Add, list, delete.
import { GOAL_LIMITS } from '../../protocol/sites.js';
import { goals as goalsApi, type Goal, type NewGoal, type Site } from '../lib/api.js';
import { button, field, h, type View } from '../lib/dom.js';
import { text } from '../lib/text.js';
import { confirmDialog } from './dialog.js';
import { errorMessage, form, input } from './form.js';
import { section, settingsTable, showError } from './section.js';

const option = (value: string, label: string) => h('option', { value, textContent: label });

/** `editable` false (a viewer): the goals are listed, with no form to add and no Remove. */
export function goalsSection(sites: Site[], preferred: string | null, onUnauthorized: () => void, editable = true): View {
  const t = text.goals;
  if (sites.length === 0) return { el: section('goals', t.title, t.intro) };
  const site = h('select', { className: 'input', name: 'goal-site' }, ...sites.map((s) => h('option', { value: s.domain, textContent: s.display_domain, selected: s.domain === preferred })));
  const type = h('select', { className: 'input', name: 'goal-type' }, option('event', t.event), option('page', t.page));
  const eventName = input({ type: 'text', name: 'goal-event', required: true, maxLength: GOAL_LIMITS.event_name, autocomplete: 'off' });
  const pagePath = input({ type: 'text', name: 'goal-path', maxLength: GOAL_LIMITS.page_path, autocomplete: 'off', placeholder: '/blog/**' });
  const displayName = input({ type: 'text', name: 'goal-display', maxLength: GOAL_LIMITS.display_name, autocomplete: 'off' });
  const currency = h('select', { className: 'input', name: 'goal-currency' }, option('', t.noCurrency), ...Intl.supportedValuesOf('currency').map((c) => option(c, c)));
  const eventField = field(t.eventName, eventName, t.eventNameHint);
  const pageField = field(t.pagePath, pagePath, t.pagePathHint);
  const currencyField = field(t.currency, currency, t.currencyHint);
  const showType = () => {
    const page = type.value === 'page';
    eventField.hidden = currencyField.hidden = page;
    pageField.hidden = !page;
    eventName.required = !page;
    pagePath.required = page;
  };
  type.addEventListener('change', showType);
  showType();

  const list = h('div', { className: 'settings-list' }, h('p', { className: 'muted' }, text.loading));
  const add = form(
    {
      className: 'inline-form',
      submitLabel: t.add,
      async onSubmit() {
        const display = displayName.value.trim() || undefined;
        const goal: NewGoal =
          type.value === 'page'
            ? { goal_type: 'page', page_path: pagePath.value.trim(), display_name: display }
            : { goal_type: 'event', event_name: eventName.value.trim(), display_name: display, currency: currency.value || undefined };
        await goalsApi.add(site.value, goal);
        await refresh();
        eventName.value = pagePath.value = displayName.value = currency.value = '';
      },
    },
    field(t.site, site),
    field(t.type, type),
    eventField,
    pageField,
    field(t.displayName, displayName, t.displayNameHint),
    currencyField,
  );
  site.addEventListener('change', () => void refresh());
  // A viewer still picks the site whose goals are listed.
  const el = section('goals', t.title, t.intro, editable ? add : h('div', { className: 'form inline-form' }, field(t.site, site)), list);

  function remove(goal: Goal): void {
    confirmDialog(
      { title: t.removeTitle(goal.display_name), message: t.removeWarning, confirmLabel: t.remove },
      async () => {
        await goalsApi.remove(site.value, goal.id);
        await refresh();
      },
      errorMessage,
    );
  }

  function row(goal: Goal): HTMLElement {
    return h(
      'tr',
      { attrs: { 'data-goal': String(goal.id) } },
      h('td', { className: 'strong' }, goal.display_name),
      h('td', {}, goal.goal_type === 'page' ? t.page : t.event),
      h('td', {}, h('code', {}, goal.event_name ?? goal.page_path ?? '')),
      h('td', { className: 'hide-narrow' }, goal.currency ?? ''),
      h('td', { className: 'actions-cell' }, editable && button(t.remove, () => remove(goal), 'button small danger-ghost')),
    );
  }

  async function refresh(): Promise<void> {
    try {
      const all = await goalsApi.list(site.value);
      list.replaceChildren(settingsTable(t.none, [[t.name], [t.type], [t.matches], [t.currencyColumn, true]], all.map(row)));
    } catch (err) {
      showError(list, err, onUnauthorized);
    }
  }

  return { el, mounted: () => void refresh() };
}

// The empty state: no site yet, so the first thing to do is register one and copy the snippet.
import { sites } from '../api.js';
import { field, h, replace, type View } from '../dom.js';
import { text } from '../text.js';
import { form, input } from './form.js';

function timezoneSelect(): HTMLSelectElement {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const zones = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  zones.add(own);
  return h('select', { className: 'input', name: 'timezone' }, ...[...zones].sort().map((zone) => h('option', { value: zone, textContent: zone, selected: zone === own })));
}

export function snippetFor(domain: string): string {
  return `<script defer src="${location.origin}/lagom.js" data-site="${domain}"></script>`;
}

function snippet(domain: string, onDone: () => void): HTMLElement[] {
  const code = snippetFor(domain);
  const copy = h('button', { type: 'button', className: 'button', textContent: text.copy });
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(code).then(() => (copy.textContent = text.copied));
  });
  const open = h('button', { type: 'button', className: 'button primary', textContent: text.openDashboard });
  open.addEventListener('click', onDone);
  return [
    h('h1', {}, text.siteAdded),
    h('p', { className: 'muted' }, text.snippetIntro),
    h('pre', { className: 'snippet' }, h('code', {}, code)),
    h('div', { className: 'actions' }, copy, open),
  ];
}

export function addSiteView(onAdded: (domain: string) => void): View {
  const domain = input({ type: 'text', name: 'domain', required: true, autofocus: true, placeholder: 'example.com', autocomplete: 'off', spellcheck: false });
  const timezone = timezoneSelect();
  const el: HTMLElement = h(
    'section',
    { className: 'card panel onboarding' },
    h('h1', {}, text.emptyTitle),
    h('p', { className: 'muted' }, text.emptyIntro),
    form(
      {
        submitLabel: text.addSite,
        async onSubmit() {
          const name = domain.value.trim().replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
          await sites.add({ domain: name, timezone: timezone.value });
          replace(el, ...snippet(name, () => onAdded(name)));
        },
      },
      field(text.domain, domain, text.domainHint),
      field(text.timezone, timezone, text.timezoneHint),
    ),
  );
  return { el };
}

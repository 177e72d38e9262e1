// The site switcher and the period picker. They only report choices; the dashboard loads.
import type { Site } from '../api.js';
import { h } from '../dom.js';
import { PERIODS, type Period, type ViewState } from '../state.js';
import { text } from '../text.js';

export function controls(sites: Site[], state: ViewState, onChange: (next: Partial<ViewState>) => void): HTMLElement {
  const select = h(
    'select',
    { className: 'input site-select', name: 'site', attrs: { 'aria-label': text.site } },
    ...sites.map((s) => h('option', { value: s.domain, textContent: s.domain, selected: s.domain === state.site })),
  );
  select.addEventListener('change', () => onChange({ site: select.value }));

  const buttons = PERIODS.map((period) => {
    const button = h('button', { type: 'button', className: 'segment', textContent: text.periods[period], value: period });
    button.addEventListener('click', () => {
      mark(period);
      onChange({ period });
    });
    return button;
  });
  const mark = (current: Period) => buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.value === current)));
  mark(state.period);

  return h(
    'div',
    { className: 'controls' },
    select,
    h('div', { className: 'segmented', attrs: { role: 'group', 'aria-label': text.period } }, ...buttons),
  );
}

// A settings section: a card with a title, an intro and content that reloads itself.
import { h, type Child } from '../lib/dom.js';
import { isUnauthorized } from '../lib/http.js';
import { text } from '../lib/text.js';
import { alertLine, errorMessage } from './form.js';

export function section(id: string, title: string, intro: string | null, ...children: Child[]): HTMLElement {
  return h('section', { className: 'card panel settings-section', id, attrs: { 'aria-labelledby': `${id}-title` } }, h('h2', { id: `${id}-title` }, title), intro && h('p', { className: 'muted' }, intro), ...children);
}

/** Shows a failed load in `target`; a 401 goes back to sign-in. */
export function showError(target: HTMLElement, err: unknown, onUnauthorized: () => void): void {
  if (isUnauthorized(err)) return onUnauthorized();
  target.replaceChildren(alertLine(errorMessage(err), 'notice'));
}

/** "2026-11-25 19:00:00" (UTC, from the server) → the date part. */
export const datePart = (stamp: string | undefined): string => (stamp ?? '').slice(0, 10);

/** A column heading, and whether the column hides on narrow screens. */
export type Column = [label: string, hideNarrow?: boolean];

/** A settings list as a table (its last column holds the row's buttons, headed for screen readers only), or `empty`. */
export function settingsTable(empty: string, columns: Column[], rows: HTMLElement[]): HTMLElement {
  if (rows.length === 0) return h('p', { className: 'muted' }, empty);
  const heading = ([label, hideNarrow]: Column) => h('th', { scope: 'col', ...(hideNarrow ? { className: 'hide-narrow' } : {}) }, label);
  return h('table', { className: 'settings-table' }, h('thead', {}, h('tr', {}, ...columns.map(heading), h('th', { scope: 'col' }, h('span', { className: 'sr-only' }, text.actions)))), h('tbody', {}, ...rows));
}

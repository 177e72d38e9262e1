// A settings section: a card with a title, an intro and content that reloads itself.
import { h, type Child } from '../dom.js';
import { isUnauthorized } from '../http.js';
import { errorMessage } from './form.js';

export function section(id: string, title: string, intro: string | null, ...children: Child[]): HTMLElement {
  return h('section', { className: 'card panel settings-section', id, attrs: { 'aria-labelledby': `${id}-title` } }, h('h2', { id: `${id}-title` }, title), intro && h('p', { className: 'muted' }, intro), ...children);
}

/** Shows a failed load in `target`; a 401 goes back to sign-in. */
export function showError(target: HTMLElement, err: unknown, onUnauthorized: () => void): void {
  if (isUnauthorized(err)) return onUnauthorized();
  target.replaceChildren(h('p', { className: 'notice', attrs: { role: 'alert' } }, errorMessage(err)));
}

/** "2026-11-25 19:00:00" (UTC, from the server) → the date part. */
export const datePart = (stamp: string | undefined): string => (stamp ?? '').slice(0, 10);

// Shared behaviour of the small forms (sign in, setup, add site): one submit at a time, the
// button disabled meanwhile, and the server's message shown as text in an alert line.

import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { text } from '../text.js';

export interface FormOptions {
  className?: string;
  submitLabel: string;
  busyLabel?: string;
  onSubmit(): Promise<void>;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.status === 0 ? text.networkError : err.message;
  return err instanceof Error ? err.message : String(err);
}

export function form(options: FormOptions, ...fields: HTMLElement[]): HTMLFormElement {
  const error = h('p', { className: 'form-error', hidden: true, attrs: { role: 'alert' } });
  const submit = h('button', { type: 'submit', className: 'button primary', textContent: options.submitLabel });
  const el = h('form', { className: `form ${options.className ?? ''}`.trim(), noValidate: false }, ...fields, error, submit);
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    submit.textContent = options.busyLabel ?? options.submitLabel;
    error.hidden = true;
    try {
      await options.onSubmit();
    } catch (err) {
      error.textContent = errorMessage(err);
      error.hidden = false;
    } finally {
      submit.disabled = false;
      submit.textContent = options.submitLabel;
    }
  });
  return el;
}

export function input(props: Partial<HTMLInputElement>): HTMLInputElement {
  return h('input', { className: 'input', ...props });
}

/** The centred card that holds the sign-in and setup forms. */
export function authCard(title: string, ...children: HTMLElement[]): HTMLElement {
  return h(
    'main',
    { className: 'auth' },
    h(
      'section',
      { className: 'card auth-card' },
      h('p', { className: 'brand' }, h('span', { className: 'brand-mark', attrs: { 'aria-hidden': 'true' } }), text.appName),
      h('h1', {}, title),
      ...children,
    ),
  );
}

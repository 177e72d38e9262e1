// Shared behaviour of the small forms: one submit at a time, the button disabled meanwhile, and
// the server's message shown as text in an alert line.
import { ApiError, hasCode } from '../lib/http.js';
import { h, type Child } from '../lib/dom.js';
import { text } from '../lib/text.js';

export interface FormOptions {
  className?: string;
  submitLabel: string;
  busyLabel?: string;
  /** the submit button's class; primary unless said otherwise */
  submitClass?: string;
  /** throw to show a message; the form is reset if it resolves to true */
  onSubmit(): Promise<boolean | void>;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return text.networkError;
    if (hasCode(err, 'too_many_attempts') && err.retryAfter) return text.auth.throttled(Math.max(1, Math.ceil(err.retryAfter / 60)));
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * A line that says what failed, read out at once by screen readers: `form-error` inside a form, a
 * dialog or a panel, `notice` where it stands for a whole page or report. A null message makes it
 * start hidden, for a message to come.
 */
export function alertLine(message: string | null, kind: 'form-error' | 'notice' = 'form-error'): HTMLParagraphElement {
  return h('p', { className: kind, hidden: message === null, attrs: { role: 'alert' } }, message);
}

export function form(options: FormOptions, ...fields: Child[]): HTMLFormElement {
  const error = alertLine(null);
  const submit = h('button', { type: 'submit', className: options.submitClass ?? 'button primary', textContent: options.submitLabel });
  const el = h('form', { className: `form ${options.className ?? ''}`.trim() }, ...fields, error, h('div', { className: 'form-actions' }, submit));
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    submit.textContent = options.busyLabel ?? options.submitLabel;
    error.hidden = true;
    try {
      if ((await options.onSubmit()) === true) el.reset();
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

export function brand(): HTMLElement {
  return h('p', { className: 'brand' }, h('span', { className: 'brand-mark', attrs: { 'aria-hidden': 'true' } }), text.appName);
}

/** The centred card that holds the sign-in, setup and unlock forms. */
export function authCard(title: string, ...children: Child[]): HTMLElement {
  return h('main', { className: 'auth' }, h('section', { className: 'card auth-card' }, brand(), h('h1', {}, title), ...children));
}

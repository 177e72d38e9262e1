// The pages behind one-time links (owner setup, password reset): the link is checked before its
// form is shown, so a used, expired or mistyped link says so at once instead of failing only
// after the form is filled in.
import { h, replace, type Child, type View } from '../lib/dom.js';
import { isMissing } from '../lib/http.js';
import { text } from '../lib/text.js';
import { alertLine, authCard, errorMessage } from './form.js';

/** One kind of link; `T` is what the server's check tells of a live one (the reset's email). */
export interface LinkPage<T> {
  title: string;
  /** the message when the address has no token at all */
  missing: string;
  /** the message when the server no longer knows the token */
  invalid: string;
  /** resolves when the server knows the token; rejects with invalid_setup_token or invalid_reset_token when it does not */
  check(): Promise<T>;
  /** the form, once the link is known to be live */
  body(value: T): Child[];
}

export function linkTokenView<T>(token: string, page: LinkPage<T>): View {
  const content = h('div', { attrs: { 'aria-live': 'polite' } }, h('p', { className: 'muted' }, text.loading));
  const el = authCard(page.title, content);
  const dead = (message: string) => replace(content, alertLine(message), h('p', {}, h('a', { href: '/' }, text.auth.goToSignIn)));
  if (!token) dead(page.missing);
  else {
    page.check().then(
      (value) => replace(content, ...page.body(value)),
      (err: unknown) => dead(isMissing(err) ? page.invalid : errorMessage(err)),
    );
  }
  return { el };
}

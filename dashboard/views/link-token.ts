// The pages behind one-time links (owner setup, password reset): the link is checked before its
// form is shown, so a used, expired or mistyped link says so at once instead of failing only
// after the form is filled in.
import { h, replace, type Child, type View } from '../lib/dom.js';
import { isMissing } from '../lib/http.js';
import { text } from '../lib/text.js';
import { authCard, errorMessage } from './form.js';

export interface LinkPage {
  title: string;
  /** the message when the link has no token, or the server no longer knows it */
  invalid: string;
  /** resolves when the server knows the token; rejects with invalid_setup_token or invalid_reset_token when it does not */
  check(): Promise<unknown>;
  /** the form, once the link is known to be live */
  body(): Child[];
}

export function linkTokenView(token: string, page: LinkPage): View {
  const content = h('div', { attrs: { 'aria-live': 'polite' } }, h('p', { className: 'muted' }, text.loading));
  const el = authCard(page.title, content);
  const dead = (message: string) =>
    replace(content, h('p', { className: 'form-error', attrs: { role: 'alert' } }, message), h('p', {}, h('a', { href: '/' }, text.auth.goToSignIn)));
  if (!token) dead(page.invalid);
  else {
    page.check().then(
      () => replace(content, ...page.body()),
      (err: unknown) => dead(isMissing(err) ? page.invalid : errorMessage(err)),
    );
  }
  return { el };
}

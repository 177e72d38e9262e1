// `lagom reset-password EMAIL` prints a one-time link /reset?token=…; this form sets the new
// password and signs the owner in (every other session of the account ends).
import { auth } from '../lib/api.js';
import { field, h, type View } from '../lib/dom.js';
import { text } from '../lib/text.js';
import { form, input } from './form.js';
import { linkTokenView } from './link-token.js';

export function resetView(token: string, onSignedIn: (email: string) => void): View {
  const t = text.auth;
  const password = input({ type: 'password', name: 'password', autocomplete: 'new-password', required: true, minLength: 8, autofocus: true });
  return linkTokenView(token, {
    title: t.resetTitle,
    missing: t.resetInvalid,
    invalid: t.resetInvalid,
    check: () => auth.checkReset(token),
    body: (owner) => [
      h('p', { className: 'muted' }, t.resetIntro, ' ', h('strong', {}, owner.email)),
      form(
        {
          submitLabel: t.resetSubmit,
          async onSubmit() {
            const me = await auth.reset(token, password.value);
            // The token is spent; a reload should not show the form again.
            history.replaceState(null, '', '/');
            onSignedIn(me.email);
          },
        },
        field(t.newPassword, password),
      ),
    ],
  });
}

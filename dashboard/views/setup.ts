// First run: the server prints a one-time link /setup?token=…; this form creates the owner.
import { auth } from '../lib/api.js';
import { field, h, type View } from '../lib/dom.js';
import { text } from '../lib/text.js';
import { form, input } from './form.js';
import { linkTokenView } from './link-token.js';

export function setupView(token: string, onSignedIn: (email: string) => void): View {
  const t = text.auth;
  const email = input({ type: 'email', name: 'email', autocomplete: 'username', required: true, autofocus: true });
  const password = input({ type: 'password', name: 'password', autocomplete: 'new-password', required: true, minLength: 8 });
  return linkTokenView(token, {
    title: t.setupTitle,
    missing: t.setupMissingToken,
    invalid: t.setupUsedToken,
    check: () => auth.checkSetup(token),
    body: () => [
      h('p', { className: 'muted' }, t.setupIntro),
      form(
        {
          submitLabel: t.setupSubmit,
          async onSubmit() {
            const address = email.value.trim();
            await auth.setup(token, address, password.value);
            // The token is spent; leave the setup address so a reload does not show the form again.
            history.replaceState(null, '', '/');
            // Setup normally signs the owner in; sign in here only if it did not.
            const me = await auth.me().catch(() => auth.login(address, password.value));
            onSignedIn(me.email);
          },
        },
        field(t.email, email),
        field(t.password, password),
      ),
    ],
  });
}

import { auth } from '../lib/api.js';
import { field, h, type View } from '../lib/dom.js';
import { hasCode } from '../lib/http.js';
import { text } from '../lib/text.js';
import { authCard, form, input } from './form.js';

export function loginView(onSignedIn: (email: string) => void, notice?: string): View {
  const email = input({ type: 'email', name: 'email', autocomplete: 'username', required: true, autofocus: true });
  const password = input({ type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const forgot = h('p', { className: 'forgot', hidden: true }, h('a', { href: '/forgot' }, text.auth.forgotLink));
  const el = authCard(
    text.auth.signInTitle,
    notice && h('p', { className: 'muted' }, notice),
    form(
      {
        submitLabel: text.auth.signIn,
        busyLabel: text.auth.signingIn,
        async onSubmit() {
          try {
            const me = await auth.login(email.value.trim(), password.value);
            onSignedIn(me.email);
          } catch (err) {
            // The server's message is English; this one speaks the owner's language.
            if (hasCode(err, 'wrong_credentials')) throw new Error(text.auth.wrongPassword);
            throw err;
          }
        },
      },
      field(text.auth.email, email),
      field(text.auth.password, password),
    ),
    forgot,
  );
  // Only where the server can mail a reset link; without mail an owner runs lagom reset-password.
  auth.options().then(
    (options) => {
      forgot.hidden = !options.forgot_password;
    },
    () => undefined,
  );
  return { el };
}

import { auth } from '../api.js';
import { field, type View } from '../dom.js';
import { text } from '../text.js';
import { authCard, form, input } from './form.js';

export function loginView(onSignedIn: (email: string) => void): View {
  const email = input({ type: 'email', name: 'email', autocomplete: 'username', required: true, autofocus: true });
  const password = input({ type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const el = authCard(
    text.signInTitle,
    form(
      {
        submitLabel: text.signIn,
        busyLabel: text.signingIn,
        async onSubmit() {
          const me = await auth.login(email.value.trim(), password.value);
          onSignedIn(me.email);
        },
      },
      field(text.email, email),
      field(text.password, password),
    ),
  );
  return { el };
}

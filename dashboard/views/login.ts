import { auth, type LoginAnswer } from '../lib/api.js';
import { field, h, type View } from '../lib/dom.js';
import { hasCode } from '../lib/http.js';
import { text } from '../lib/text.js';
import { authCard, form, input } from './form.js';

/**
 * Sign-in: email and password, then, when the server answers two_factor_required (the password
 * was right), a second step that asks for the app's code or a recovery code. The password stays
 * in this closure only, to send again with the code: the server keeps no half-signed-in state.
 */
export function loginView(onSignedIn: (answer: LoginAnswer) => void, notice?: string): View {
  const email = input({ type: 'email', name: 'email', autocomplete: 'username', required: true, autofocus: true });
  const password = input({ type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const code = input({ type: 'text', name: 'code', autocomplete: 'one-time-code', required: true, maxLength: 40, spellcheck: false });

  const signIn = async (withCode?: string) => {
    try {
      onSignedIn(await auth.login(email.value.trim(), password.value, withCode));
    } catch (err) {
      // The server's message is English; this one speaks the owner's language.
      if (hasCode(err, 'wrong_credentials')) throw new Error(text.auth.wrongPassword);
      if (hasCode(err, 'wrong_two_factor_code')) throw new Error(text.auth.wrongCode);
      throw err;
    }
  };
  const codeStep = form(
    { submitLabel: text.auth.signIn, busyLabel: text.auth.signingIn, onSubmit: () => signIn(code.value.trim()) },
    h('p', { className: 'muted' }, text.auth.twoFactorIntro),
    field(text.auth.twoFactorCode, code),
  );
  const passwordStep = form(
    {
      submitLabel: text.auth.signIn,
      busyLabel: text.auth.signingIn,
      async onSubmit() {
        try {
          await signIn();
        } catch (err) {
          if (!hasCode(err, 'two_factor_required')) throw err;
          passwordStep.replaceWith(codeStep);
          code.focus();
        }
      },
    },
    field(text.auth.email, email),
    field(text.auth.password, password),
  );
  const el = authCard(text.auth.signInTitle, notice && h('p', { className: 'muted' }, notice), passwordStep);
  return { el };
}

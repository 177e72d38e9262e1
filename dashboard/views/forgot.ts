// "Forgot password?" (shown on the sign-in page only when the server can mail): asks for a
// reset link by mail. The answer is the same whether or not the email has an account.
import { auth } from '../lib/api.js';
import { field, h, type View } from '../lib/dom.js';
import { text } from '../lib/text.js';
import { authCard, form, input } from './form.js';

export function forgotView(): View {
  const t = text.auth;
  const email = input({ type: 'email', name: 'email', autocomplete: 'username', required: true, autofocus: true });
  const sent = h('p', { className: 'success', hidden: true, attrs: { role: 'status' } }, t.forgotSent);
  const el = authCard(
    t.forgotTitle,
    h('p', { className: 'muted' }, t.forgotIntro),
    form(
      {
        submitLabel: t.forgotSubmit,
        async onSubmit() {
          sent.hidden = true;
          await auth.forgot(email.value.trim());
          sent.hidden = false;
        },
      },
      field(t.email, email),
    ),
    sent,
    h('p', {}, h('a', { href: '/' }, t.goToSignIn)),
  );
  return { el };
}

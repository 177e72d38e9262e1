// An invitation's one-time link /invite?token=…: the invitee chooses a password, and is signed
// in with the role they were given. A used or expired link says so in the reader's language.
import { auth } from '../lib/api.js';
import { field, h, type View } from '../lib/dom.js';
import { hasCode } from '../lib/http.js';
import { text } from '../lib/text.js';
import { form, input } from './form.js';
import { linkTokenView } from './link-token.js';

/** The server's reasons, in the reader's language. */
function why(err: unknown): never {
  if (hasCode(err, 'invitation_used')) throw new Error(text.auth.inviteUsed);
  if (hasCode(err, 'invitation_expired')) throw new Error(text.auth.inviteExpired);
  throw err;
}

export function inviteView(token: string, onSignedIn: (email: string) => void): View {
  const t = text.auth;
  const password = input({ type: 'password', name: 'password', autocomplete: 'new-password', required: true, minLength: 8, autofocus: true });
  return linkTokenView(token, {
    title: t.inviteTitle,
    missing: t.inviteMissing,
    invalid: t.inviteInvalid,
    check: () => auth.checkInvite(token).catch(why),
    body: (invitation) => [
      h('p', { className: 'muted' }, t.inviteIntro(invitation.email, text.people.roles[invitation.role] ?? invitation.role)),
      form(
        {
          submitLabel: t.inviteSubmit,
          async onSubmit() {
            const me = await auth.acceptInvite(token, password.value).catch(why);
            // The token is spent; a reload should not show the form again.
            history.replaceState(null, '', '/');
            onSignedIn(me.email);
          },
        },
        // A username for password managers to file the new password under.
        h('input', { type: 'email', name: 'username', autocomplete: 'username', value: invitation.email, hidden: true, readOnly: true, tabIndex: -1 }),
        field(t.newPassword, password),
      ),
    ],
  });
}

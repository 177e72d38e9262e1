// Settings → Account: the signed-in browsers, change the password, or end every session.
import { auth } from '../lib/api.js';
import { field, h, type View } from '../lib/dom.js';
import { hasCode } from '../lib/http.js';
import { text } from '../lib/text.js';
import { form, input } from './form.js';
import { section } from './section.js';
import { sessionsBlock } from './sessions.js';
import { twoFactorPanel } from './two-factor.js';

export function accountSection(email: string, onSignedOut: () => void, onUnauthorized: () => void): View {
  const t = text.account;
  const sessions = sessionsBlock(onUnauthorized);
  const current = input({ type: 'password', name: 'current-password', autocomplete: 'current-password', required: true });
  const next = input({ type: 'password', name: 'new-password', autocomplete: 'new-password', required: true, minLength: 8 });
  const repeat = input({ type: 'password', name: 'repeat-password', autocomplete: 'new-password', required: true, minLength: 8 });
  const done = h('p', { className: 'success', hidden: true, attrs: { role: 'status' } }, t.changed);
  const change = form(
    {
      submitLabel: t.save,
      async onSubmit() {
        done.hidden = true;
        if (next.value.length < 8) throw new Error(t.tooShort);
        if (next.value !== repeat.value) throw new Error(t.mismatch);
        try {
          await auth.changePassword(current.value, next.value);
        } catch (err) {
          if (hasCode(err, 'wrong_password')) throw new Error(t.wrongCurrent);
          throw err;
        }
        done.hidden = false;
        // The other browsers were signed out.
        await sessions.refresh();
        return true;
      },
    },
    // A hidden username helps password managers file the new password under the right account.
    h('input', { type: 'email', name: 'username', autocomplete: 'username', value: email, hidden: true, readOnly: true, tabIndex: -1 }),
    field(t.current, current),
    field(t.next, next),
    field(t.repeat, repeat),
  );
  const everywhere = form(
    {
      submitLabel: t.everywhereButton,
      submitClass: 'button danger',
      async onSubmit() {
        await auth.logoutEverywhere();
        onSignedOut();
      },
    },
    h('p', { className: 'muted' }, t.everywhereIntro),
  );
  const twoFactor = twoFactorPanel(onUnauthorized);
  const el = section(
    'account',
    t.title,
    null,
    h('p', { className: 'muted' }, `${text.nav.account} `, h('strong', {}, email)),
    sessions.el,
    h('div', { className: 'account-grid' }, h('div', {}, h('h3', {}, t.changePassword), change, done), h('div', {}, h('h3', {}, t.everywhere), everywhere)),
    h('h3', {}, text.twoFactor.title),
    twoFactor.el,
  );
  return {
    el,
    mounted: () => {
      twoFactor.mounted?.();
      void sessions.refresh();
    },
  };
}

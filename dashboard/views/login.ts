import { auth, type LoginAnswer } from '../lib/api.js';
import { field, h, replace, type View } from '../lib/dom.js';
import { hasCode } from '../lib/http.js';
import { readItem, removeItem, writeItem } from '../lib/storage.js';
import { text } from '../lib/text.js';
import type { AuthOptionsAnswer } from '../../protocol/people.js';
import { alertLine, authCard, form, input } from './form.js';

export interface LoginNotes {
  /** a quiet line above the form (the session ended) */
  notice?: string;
  /** what went wrong with a sign-in that came back from the identity provider */
  problem?: string;
}

/** The words for a `?sign_in_error=` code the single sign-on callback sent the browser back with. */
export function signInProblem(code: string): string {
  const refused: Record<string, string> = text.sso.refused;
  return Object.hasOwn(refused, code) ? refused[code]! : text.sso.refused.other;
}

// The form is gone once the shell shows, and focus with it: the mark tells the shell (a different
// view, made later by app.ts) that a person just signed in here, so it moves focus to its heading.
const SIGNED_IN_MARK = 'lagom:signed-in';

/** Whether the sign-in form let someone in just now; answers true once. */
export function takeSignedIn(): boolean {
  // Storage refused (a strict privacy setting): no mark, and focus stays where the browser puts it.
  const marked = readItem(SIGNED_IN_MARK, 'session') === '1';
  removeItem(SIGNED_IN_MARK, 'session');
  return marked;
}

const markSignedIn = (): void => writeItem(SIGNED_IN_MARK, '1', 'session');

/**
 * The ways in the server offers (GET /api/auth/options): the single sign-on button, the
 * password form, or both. Until the answer comes, and if it never does, the password form; the
 * answer adds to it rather than replacing it, so what someone has typed (or the code step a
 * sign-in moved on to) stays.
 */
export function loginView(onSignedIn: (answer: LoginAnswer) => void, notes: LoginNotes = {}): View {
  const ways = h('div', { className: 'sign-in-ways' }, passwordForm(onSignedIn));
  const el = authCard(
    text.auth.signInTitle,
    notes.problem && alertLine(notes.problem, 'notice'),
    notes.notice && h('p', { className: 'muted' }, notes.notice),
    ways,
  );
  let live = true;
  auth.options().then(
    (options) => live && offer(ways, options),
    () => {}, // an older server, or none reachable: the password form is the answer either way
  );
  return { el, destroy: () => void (live = false) };
}

function offer(ways: HTMLElement, options: AuthOptionsAnswer): void {
  const sso = options.oidc && h('a', { className: 'button primary sso', href: '/api/auth/oidc/start' }, text.sso.signInWith(options.oidc.name));
  if (!options.password_login) return void replace(ways, sso);
  if (sso) ways.prepend(sso, h('p', { className: 'muted or' }, text.sso.orPassword));
  // "Forgot password?" only where the server can mail a reset link; without mail an owner runs
  // lagom reset-password.
  if (options.forgot_password) ways.append(h('p', { className: 'forgot' }, h('a', { href: '/forgot' }, text.auth.forgotLink)));
}

/**
 * Email and password, then, when the server answers two_factor_required (the password was right),
 * a second step that asks for the app's code or a recovery code. The password stays in this
 * closure only, to send again with the code: the server keeps no half-signed-in state.
 */
function passwordForm(onSignedIn: (answer: LoginAnswer) => void): HTMLFormElement {
  const email = input({ type: 'email', name: 'email', autocomplete: 'username', required: true, autofocus: true });
  const password = input({ type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const code = input({ type: 'text', name: 'code', autocomplete: 'one-time-code', required: true, maxLength: 40, spellcheck: false });

  const signIn = async (withCode?: string) => {
    try {
      const answer = await auth.login(email.value.trim(), password.value, withCode);
      markSignedIn();
      onSignedIn(answer);
    } catch (err) {
      // The server's message is English; this one speaks the owner's language.
      if (hasCode(err, 'wrong_credentials')) throw new Error(text.auth.wrongPassword);
      if (hasCode(err, 'wrong_two_factor_code')) throw new Error(text.auth.wrongCode);
      if (hasCode(err, 'password_login_off')) throw new Error(text.sso.passwordOff);
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
  return passwordStep;
}

// Entry point: decide which screen to show — owner setup, a shared link, sign-in or the signed-in
// shell — and switch between them. Each screen lives in views/; this file only routes.
import { auth, type LoginAnswer, type Me } from './lib/api.js';
import { h, slot } from './lib/dom.js';
import { hasCode, isUnauthorized } from './lib/http.js';
import { applyTheme } from './lib/theme.js';
import { lang, text } from './lib/text.js';
import { errorMessage } from './views/form.js';
import { forgotView } from './views/forgot.js';
import { inviteView } from './views/invite.js';
import { loginView, signInProblem, type LoginNotes } from './views/login.js';
import { resetView } from './views/reset.js';
import { setupView } from './views/setup.js';
import { sharedView, shareToken } from './views/shared.js';
import { shellView } from './views/shell.js';
import { enrolmentView } from './views/two-factor.js';

document.documentElement.lang = lang;
applyTheme();

const screen = slot(document.getElementById('app')!);

function showLogin(notes?: LoginNotes): void {
  screen.show(loginView(signedIn, notes));
}

function showEnrolment(): void {
  screen.show(enrolmentView(() => void boot(), () => showLogin()));
}

function showShell(me: Me): void {
  screen.show(shellView(me, (reason) => showLogin(reason === 'expired' ? { notice: text.auth.sessionEnded } : undefined)));
}

/**
 * Signed in by a form: first the enrolment the owner may require; then the shell, which needs
 * the role and sites that /api/auth/me tells.
 */
function signedIn(answer?: LoginAnswer): void {
  if (answer?.two_factor_enrolment_required) return showEnrolment();
  auth.me().then(showShell, (err: unknown) => (isUnauthorized(err) ? showLogin() : showFailure(err)));
}

function showFailure(err: unknown): void {
  screen.show({ el: h('p', { className: 'boot notice', attrs: { role: 'alert' } }, errorMessage(err)) });
}

async function boot(): Promise<void> {
  const token = shareToken(location.pathname);
  if (token) return screen.show(sharedView(decodeURIComponent(token)));
  const linkToken = new URLSearchParams(location.search).get('token') ?? '';
  if (location.pathname === '/setup') return screen.show(setupView(linkToken, () => signedIn()));
  // After a reset, boot again: two-factor login may still ask for a code, or for an enrolment.
  if (location.pathname === '/reset') return screen.show(resetView(linkToken, () => void boot()));
  if (location.pathname === '/invite') return screen.show(inviteView(linkToken, () => signedIn()));
  if (location.pathname === '/forgot') return screen.show(forgotView());
  // A sign-in refused at the single sign-on callback: say why, and take the code off the address
  // so that a reload does not say it again.
  const refused = new URLSearchParams(location.search).get('sign_in_error');
  if (refused) {
    history.replaceState(null, '', '/');
    return showLogin({ problem: signInProblem(refused) });
  }
  try {
    showShell(await auth.me());
  } catch (err) {
    if (isUnauthorized(err)) return showLogin();
    if (hasCode(err, 'two_factor_enrolment_required')) return showEnrolment();
    showFailure(err);
  }
}

document.title = text.appName;
void boot();

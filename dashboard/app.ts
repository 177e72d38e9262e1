// Entry point: decide which screen to show — owner setup, a shared link, sign-in or the signed-in
// shell — and switch between them. Each screen lives in views/; this file only routes.
// The sign-in and one-time-link pages are in this bundle; the signed-in shell, the shared report
// (both with uPlot) and the two-factor enrolment are chunks of their own, fetched by import()
// when needed, so the sign-in page loads a fraction of the dashboard (docs/dashboard.md, "Size").
import { auth, type LoginAnswer, type Me } from './lib/api.js';
import { h, slot, type View } from './lib/dom.js';
import { isUnauthorized } from './lib/http.js';
import { applyTheme } from './lib/theme.js';
import { lang, text } from './lib/text.js';
import { errorMessage } from './views/form.js';
import { forgotView } from './views/forgot.js';
import { inviteView } from './views/invite.js';
import { loginView, signInProblem, takeSignedIn, type LoginNotes } from './views/login.js';
import { resetView } from './views/reset.js';
import { setupView } from './views/setup.js';

document.documentElement.lang = lang;
applyTheme();

const screen = slot(document.getElementById('app')!);

function showLogin(notes?: LoginNotes): void {
  screen.show(loginView(signedIn, notes));
}

const shareToken = (pathname: string): string | null => /^\/share\/([^/]+)\/?$/.exec(pathname)?.[1] ?? null;

/** Shows the view a chunk makes once it has arrived; a chunk that cannot be fetched is a failure. */
function showLater(view: Promise<View>): Promise<void> {
  return view.then((v) => screen.show(v), showFailure);
}

function showEnrolment(): Promise<void> {
  return showLater(import('./views/two-factor.js').then((m) => m.enrolmentView(() => void boot(), () => showLogin())));
}

function showShell(me: Me, shell = import('./views/shell.js')): Promise<void> {
  const onLeave = (reason: 'signed-out' | 'expired') => showLogin(reason === 'expired' ? { notice: text.auth.sessionEnded } : undefined);
  return showLater(shell.then((m) => m.shellView(me, onLeave)));
}

/**
 * Signed in by a form: first the enrolment the owner may require; then the shell, which needs
 * the role and sites that /api/auth/me tells.
 */
function signedIn(answer?: LoginAnswer): void {
  if (answer?.two_factor_enrolment_required) return void showEnrolment();
  // The shell's chunk is fetched while /api/auth/me is asked, not after.
  const shell = import('./views/shell.js');
  shell.catch(() => undefined); // a failed fetch is shown by showShell, or moot when me() fails
  auth.me().then((me) => showShell(me, shell), (err: unknown) => (isUnauthorized(err) ? showLogin() : showFailure(err)));
}

function showFailure(err: unknown): void {
  // A sign-in that did not reach the shell leaves no mark for a later load to act on.
  takeSignedIn();
  screen.show({ el: h('p', { className: 'boot notice', attrs: { role: 'alert' } }, errorMessage(err)) });
}

async function boot(): Promise<void> {
  const token = shareToken(location.pathname);
  if (token) return showLater(import('./views/shared.js').then((m) => m.sharedView(decodeURIComponent(token))));
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
    const session = await auth.session();
    if (!session.signed_in) return showLogin();
    if ('two_factor_enrolment_required' in session) return showEnrolment();
    const { email, role, sites, location } = session;
    return showShell({ email, role, sites, location });
  } catch (err) {
    showFailure(err);
  }
}

document.title = text.appName;
void boot();

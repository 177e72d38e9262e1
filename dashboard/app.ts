// Entry point: decide which screen to show — owner setup, a shared link, sign-in or the signed-in
// shell — and switch between them. Each screen lives in views/; this file only routes.
import { auth, type LoginAnswer } from './lib/api.js';
import { h, slot } from './lib/dom.js';
import { hasCode, isUnauthorized } from './lib/http.js';
import { applyTheme } from './lib/theme.js';
import { lang, text } from './lib/text.js';
import { errorMessage } from './views/form.js';
import { loginView } from './views/login.js';
import { resetView } from './views/reset.js';
import { setupView } from './views/setup.js';
import { sharedView, shareToken } from './views/shared.js';
import { shellView } from './views/shell.js';
import { enrolmentView } from './views/two-factor.js';

document.documentElement.lang = lang;
applyTheme();

const screen = slot(document.getElementById('app')!);

function showLogin(notice?: string): void {
  screen.show(loginView(signedIn, notice));
}

/** After a sign-in: the dashboard, or first the enrolment the owner requires. */
function signedIn(answer: LoginAnswer): void {
  if (answer.two_factor_enrolment_required) showEnrolment();
  else showShell(answer.email);
}

function showEnrolment(): void {
  screen.show(enrolmentView(() => void boot(), () => showLogin()));
}

function showShell(email: string): void {
  screen.show(shellView(email, (reason) => showLogin(reason === 'expired' ? text.auth.sessionEnded : undefined)));
}

async function boot(): Promise<void> {
  const token = shareToken(location.pathname);
  if (token) return screen.show(sharedView(decodeURIComponent(token)));
  const linkToken = new URLSearchParams(location.search).get('token') ?? '';
  if (location.pathname === '/setup') return screen.show(setupView(linkToken, showShell));
  // After a reset, boot again: two-factor login may still ask for a code, or for an enrolment.
  if (location.pathname === '/reset') return screen.show(resetView(linkToken, () => void boot()));
  try {
    showShell((await auth.me()).email);
  } catch (err) {
    if (isUnauthorized(err)) return showLogin();
    if (hasCode(err, 'two_factor_enrolment_required')) return showEnrolment();
    screen.show({ el: h('p', { className: 'boot notice', attrs: { role: 'alert' } }, errorMessage(err)) });
  }
}

document.title = text.appName;
void boot();

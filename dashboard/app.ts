// Entry point: decide which screen to show (setup, sign-in or the dashboard) and switch
// between them. Each screen lives in views/; this file only routes.
import { auth, isUnauthorized } from './api.js';
import { h, slot } from './dom.js';
import { dashboardView } from './views/dashboard.js';
import { errorMessage } from './views/form.js';
import { loginView } from './views/login.js';
import { setupView } from './views/setup.js';

const screen = slot(document.getElementById('app')!);

function showLogin(): void {
  screen.show(loginView(showDashboard));
}

function showDashboard(email: string): void {
  screen.show(dashboardView(email, showLogin));
}

async function boot(): Promise<void> {
  if (location.pathname === '/setup') {
    screen.show(setupView(new URLSearchParams(location.search).get('token') ?? '', showDashboard));
    return;
  }
  try {
    showDashboard((await auth.me()).email);
  } catch (err) {
    if (isUnauthorized(err)) return showLogin();
    screen.show({ el: h('p', { className: 'boot notice', attrs: { role: 'alert' } }, errorMessage(err)) });
  }
}

void boot();

import { auth } from '../api.js';
import { h } from '../dom.js';
import { text } from '../text.js';

export function topbar(email: string, onSignedOut: () => void): HTMLElement {
  const signOut = h('button', { type: 'button', className: 'button ghost', textContent: text.signOut });
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    // Leave even if the call fails: the next request would send us to sign-in anyway.
    await auth.logout().catch(() => undefined);
    onSignedOut();
  });
  return h(
    'header',
    { className: 'topbar' },
    h('div', { className: 'topbar-inner' }, h('p', { className: 'brand' }, h('span', { className: 'brand-mark', attrs: { 'aria-hidden': 'true' } }), text.appName), h('div', { className: 'account' }, h('span', { className: 'account-email' }, email), signOut)),
  );
}

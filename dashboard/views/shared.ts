// A shared link, opened by anyone: /share/<token>. It shows one site's report read-only, through
// the same Stats API, with the link's token in a header instead of a session. A password-
// protected link asks for the password first; the server remembers the unlock in a cookie.
import { share, type ShareInfo } from '../lib/api.js';
import { field, h, slot, type View } from '../lib/dom.js';
import { hasCode } from '../lib/http.js';
import { readState } from '../lib/state.js';
import { statsClient } from '../lib/stats.js';
import { text } from '../lib/text.js';
import { alertLine, authCard, errorMessage, form, input } from './form.js';
import { reportView } from './report.js';
import { topbar } from './topbar.js';

function unlockView(token: string, onUnlocked: () => void): View {
  const password = input({ type: 'password', name: 'password', autocomplete: 'current-password', required: true, autofocus: true });
  const el = authCard(
    text.shared.unlockTitle,
    form(
      {
        submitLabel: text.shared.unlock,
        async onSubmit() {
          try {
            await share.unlock(token, password.value);
          } catch (err) {
            if (hasCode(err, 'wrong_share_password')) throw new Error(text.shared.wrongPassword);
            throw err;
          }
          onUnlocked();
        },
      },
      field(text.auth.password, password),
    ),
  );
  return { el };
}

export function sharedView(token: string): View {
  const root = h('div', { className: 'shared-root' });
  const screen = slot(root);
  const stats = statsClient(token);
  let onPop: (() => void) | null = null;

  function showReport(site: ShareInfo): void {
    // Back to the start when the unlock cookie expired (share_locked) or the link was revoked
    // (share_revoked): the unlock form, or the notice that the link is gone.
    const report = reportView({ sites: [site], initial: { ...readState(), site: site.domain }, stats, shared: true, onUnauthorized: () => void start() });
    const main = h('main', { className: 'page', id: 'main' });
    screen.show({
      el: h('div', { className: 'shell' }, topbar(h('p', { className: 'shared-title muted' }, text.shared.title)), main),
      mounted: () => {
        main.append(report.el);
        report.mounted?.();
      },
      destroy: () => report.destroy?.(),
    });
    if (onPop) window.removeEventListener('popstate', onPop);
    onPop = () => report.apply({ ...readState(), site: site.domain });
    window.addEventListener('popstate', onPop);
  }

  async function start(): Promise<void> {
    try {
      const info = await share.info(token);
      if (info.has_password && !info.unlocked) return screen.show(unlockView(token, () => void start()));
      showReport(info);
    } catch (err) {
      const message = hasCode(err, 'share_not_found') ? text.shared.invalid : errorMessage(err);
      screen.show({ el: authCard(text.shared.title, alertLine(message, 'notice')) });
    }
  }

  return {
    el: root,
    mounted: () => void start(),
    destroy() {
      if (onPop) window.removeEventListener('popstate', onPop);
      screen.clear();
    },
  };
}

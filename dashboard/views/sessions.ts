// Settings → Account → Signed-in browsers: each session by its coarse device and times; any
// other one can be signed out here (this one signs out with the top bar's button).
import type { SessionView } from '../../protocol/account.js';
import { account } from '../lib/api.js';
import { button, h } from '../lib/dom.js';
import { formatMoment } from '../lib/format.js';
import { text } from '../lib/text.js';
import { alertLine, errorMessage } from './form.js';
import { settingsTable, showError } from './section.js';

const deviceOf = (s: SessionView): string => {
  const t = text.account;
  if (s.browser && s.os) return t.deviceName(s.browser, s.os);
  return s.browser || s.os || t.unknownDevice;
};

export function sessionsBlock(onUnauthorized: () => void): { el: HTMLElement; refresh(): Promise<void> } {
  const t = text.account;
  const list = h('div', { className: 'settings-list' }, h('p', { className: 'muted' }, text.loading));
  const el = h('div', { className: 'sessions' }, h('h3', {}, t.sessions), h('p', { className: 'muted' }, t.sessionsIntro), list);

  async function end(s: SessionView, row: HTMLElement): Promise<void> {
    try {
      await account.endSession(s.id);
      await refresh();
    } catch (err) {
      row.after(alertLine(errorMessage(err)));
    }
  }

  async function refresh(): Promise<void> {
    try {
      const all = await account.sessions();
      const rows = all.map((s) => {
        const row: HTMLTableRowElement = h(
          'tr',
          { attrs: { 'data-session': s.id } },
          h('td', { className: 'strong' }, deviceOf(s)),
          h('td', { className: 'muted hide-narrow' }, formatMoment(s.created_at)),
          h('td', { className: 'muted' }, formatMoment(s.last_active_at)),
          h('td', { className: 'actions-cell' }, s.current ? h('span', { className: 'badge' }, t.thisBrowser) : button(t.signOut, () => void end(s, row), 'button small danger-ghost')),
        );
        return row;
      });
      list.replaceChildren(settingsTable(t.noSessions, [[t.device], [t.signedIn, true], [t.lastActive]], rows));
    } catch (err) {
      showError(list, err, onUnauthorized);
    }
  }

  return { el, refresh };
}

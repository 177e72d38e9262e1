// The signed-in screen: the top bar, then either the empty state (no site yet) or a report.
import { isUnauthorized, sites } from '../api.js';
import { h, slot, type View } from '../dom.js';
import { readState } from '../state.js';
import { text } from '../text.js';
import { addSiteView } from './add-site.js';
import { errorMessage } from './form.js';
import { reportView } from './report.js';
import { topbar } from './topbar.js';

export function dashboardView(email: string, onSignedOut: () => void): View {
  const main = h('main', { className: 'dashboard' }, h('p', { className: 'muted', textContent: text.loading }));
  const content = slot(main);
  const el = h('div', { className: 'shell' }, topbar(email, onSignedOut), main);

  let gone = false;

  async function start(preferredSite?: string): Promise<void> {
    try {
      const list = await sites.list();
      if (gone) return;
      if (list.length === 0) return content.show(addSiteView((domain) => void start(domain)));
      const state = readState();
      content.show(reportView(list, preferredSite ? { ...state, site: preferredSite } : state, onSignedOut));
    } catch (err) {
      if (isUnauthorized(err)) return onSignedOut();
      content.show({ el: h('p', { className: 'notice', attrs: { role: 'alert' } }, errorMessage(err)) });
    }
  }

  return {
    el,
    mounted: () => void start(),
    destroy() {
      gone = true;
      content.clear();
    },
  };
}

// `?site=` naming a site that is not there (deleted, mistyped, or someone else's): said so, with
// the sites there are, instead of another site's report under the wrong name.
import type { Site } from '../lib/api.js';
import { h, type View } from '../lib/dom.js';
import { text } from '../lib/text.js';

export function missingSiteView(asked: string, sites: Site[], onOpen: (site: Site) => void): View {
  const t = text.states;
  const link = (site: Site) =>
    h('li', {}, h('a', {
      href: `/?site=${encodeURIComponent(site.domain)}`,
      textContent: site.display_domain,
      on: {
        click(event) {
          if (event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          onOpen(site);
        },
      },
    }));
  const el = h(
    'section',
    { className: 'card missing-site' },
    h('h1', {}, t.missingTitle(asked)),
    h('p', {}, t.missingBody),
    h('p', { className: 'muted' }, t.missingSites),
    h('ul', { className: 'site-links' }, ...sites.map(link)),
  );
  return { el };
}

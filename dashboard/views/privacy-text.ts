// Settings → Privacy text: the text for a site's cookie page, in English or Swedish, as the
// server writes it from the site's settings (server/sites/privacy-text.ts), with buttons that
// copy it as plain text or as HTML.
import type { PrivacyTextAnswer } from '../../protocol/sites.js';
import { sites as sitesApi, type Site } from '../lib/api.js';
import { field, h, type View } from '../lib/dom.js';
import { lang, text } from '../lib/text.js';
import { codeBlock, copyButton } from './copy.js';
import { section, showError } from './section.js';

export function privacyTextSection(sites: Site[], preferred: string | null, onUnauthorized: () => void): View {
  const t = text.privacy;
  if (sites.length === 0) return { el: section('privacy', t.title, t.intro) };
  const site = h('select', { className: 'input', name: 'privacy-site' }, ...sites.map((s) => h('option', { value: s.domain, textContent: s.display_domain, selected: s.domain === preferred })));
  const language = h(
    'select',
    { className: 'input', name: 'privacy-lang' },
    h('option', { value: 'en', textContent: t.english, selected: lang === 'en' }),
    h('option', { value: 'sv', textContent: t.swedish, selected: lang === 'sv' }),
  );
  let current: PrivacyTextAnswer = { text: '', html: '' };
  const code = h('code', {});
  const hint = h('p', { className: 'muted', hidden: true }, t.bannerHint);
  const output = h('div', { className: 'settings-list' }, h('p', { className: 'muted' }, text.loading));
  const shown = h(
    'div',
    { className: 'copyable privacy-text' },
    codeBlock('snippet', code),
    h('div', { className: 'copy-buttons' }, copyButton(() => current.text, t.copyText), copyButton(() => current.html, t.copyHtml)),
  );
  const el = section(
    'privacy',
    t.title,
    t.intro,
    h('div', { className: 'form inline-form' }, field(t.site, site), field(t.language, language)),
    output,
  );

  let pending: AbortController | undefined;
  async function refresh(): Promise<void> {
    // Only the last choice's answer is shown: an earlier, slower one is cancelled.
    pending?.abort();
    const controller = (pending = new AbortController());
    try {
      current = await sitesApi.privacyText(site.value, language.value === 'sv' ? 'sv' : 'en', controller.signal);
    } catch (err) {
      if (!controller.signal.aborted) showError(output, err, onUnauthorized);
      return;
    }
    code.textContent = current.text;
    shown.lang = language.value;
    hint.hidden = !current.html.includes('data-lagom-banner');
    output.replaceChildren(shown, hint);
  }
  site.addEventListener('change', () => void refresh());
  language.addEventListener('change', () => void refresh());

  return { el, mounted: () => void refresh(), destroy: () => pending?.abort() };
}

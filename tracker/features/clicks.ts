// Clicks counted as events: outbound links, file downloads, and elements tagged with
// `data-lagom-event` (props from `data-lagom-prop-*`). Which of the three a script holds is
// decided by the build (LAGOM_FEATURES); `data-outbound="false"` and `data-downloads` still
// narrow them at run time. Everything goes through `lagom`, so consent, queueing before consent
// and `data-exclude` work exactly as for the page's own calls.
import type { Lagom } from '../shared/api.js';
import { attrs, on } from './dom.js';

/**
 * The extensions counted as downloads unless `data-downloads` lists others: pdf, xls(x),
 * doc(x), ppt(x), odt, ods, odp, rtf, txt, csv, epub, zip, rar, 7z, gz, tgz, bz2, xz, tar, dmg,
 * pkg, exe, msi, deb, rpm, apk, mp3, mp4, wav, mov, avi, mkv, webm
 * (docs/tracker.md). A literal, because a list turned into a pattern costs bytes on every page.
 */
const DOWNLOADS = /\.(pdf|xlsx?|docx?|pptx?|od[tsp]|rtf|txt|csv|epub|zip|rar|7z|t?gz|bz2|xz|tar|dmg|pkg|exe|msi|deb|rpm|apk|mp[34]|wav|mov|avi|mkv|webm)$/i;

export function clicks(lagom: Lagom): void {
  const data = lagom.d;
  // `data-downloads` replaces the list in the generic extras; a site's script counts the default list.
  const list = data.downloads;
  const downloads =
    LAGOM_FEATURES.file_downloads && list != 'false'
      ? !LAGOM_PER_SITE && list
        ? RegExp(`\\.(${list.split(/[\s,.]+/).filter(Boolean).join('|')})$`, 'i')
        : DOWNLOADS
      : undefined;

  const click = (e: MouseEvent) => {
    const target = e.target as Element;
    // A middle click (auxclick, button 1) opens a link in a new tab: it counts; a right click
    // (button 2, a menu) does not. Text nodes and the document have no closest().
    if (e.button > 1 || !target.closest) return;
    if (LAGOM_FEATURES.tagged_events) {
      const tagged = target.closest<HTMLElement>('[data-lagom-event]');
      tagged && !e.button && lagom('event', tagged.dataset.lagomEvent!, attrs(tagged, 'data-lagom-prop-'));
    }
    if (!LAGOM_FEATURES.outbound_links && !LAGOM_FEATURES.file_downloads) return;
    const link = target.closest('a');
    // http: and https: links only (not mailto:, tel:, javascript:).
    if (!link || !/^http/.test(link.href)) return;
    // Without the query and fragment: they can carry tokens and personal data.
    const props = { url: link.origin + link.pathname };
    if (LAGOM_FEATURES.file_downloads && downloads && downloads.test(link.pathname)) lagom('event', 'File Download', props);
    // (The flag written out here, not kept in a variable: the build folds it only where it stands.)
    else if (LAGOM_FEATURES.outbound_links && data.outbound != 'false' && link.host != location.host) lagom('event', 'Outbound Link: Click', props);
  };
  on('click', click);
  on('auxclick', click);
}

// Settings → Sites → Edit: the time zone and the site's settings (tracker features, consent,
// privacy page), loaded with GET /api/v1/sites/:domain since the list holds only names and
// zones. A save sends only what the owner changed; nothing changed, nothing is sent.
import { sites as sitesApi, type SiteChanges, type SiteDetail } from '../lib/api.js';
import { field, type View } from '../lib/dom.js';
import { hasCode } from '../lib/http.js';
import { text } from '../lib/text.js';
import { timezoneSelect } from './add-site.js';
import type { Dialog } from './dialog.js';
import { form } from './form.js';
import { settingsControls } from './site-settings.js';

/** The edit form for `site`, in `dialog`; `onSaved` after a save the server took. */
export function editSiteForm(site: SiteDetail, dialog: Dialog, onSaved: () => Promise<void>): View {
  const t = text.sites;
  const timezone = timezoneSelect(site.timezone);
  const settings = settingsControls(site, 'edit');
  const el = form(
    {
      className: 'site-settings',
      submitLabel: t.save,
      busyLabel: t.saving,
      async onSubmit() {
        settings.clearErrors();
        const changes: SiteChanges = settings.changes();
        if (timezone.value !== site.timezone) changes.timezone = timezone.value;
        if (Object.keys(changes).length) {
          try {
            await sitesApi.update(site.domain, changes);
          } catch (err) {
            // A bad setting is shown beside its field; anything else under the form.
            if (hasCode(err, 'invalid_setting') && settings.showError(err.message)) return;
            throw err;
          }
        }
        dialog.close();
        await onSaved();
      },
    },
    field(t.timezone, timezone, t.timezoneHint),
    ...settings.parts,
  );
  return { el, mounted: () => timezone.focus() };
}

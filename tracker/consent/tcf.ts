// IAB TCF v2.2 glue, built to lagom-tcf.js and loaded by the core when the embed (or the site's
// settings) say `data-consent="tcf"`. It listens to the page's CMP through `__tcfapi` and
// reports each answer to the core through `window.lagom` (shared/api.ts); it keeps no state of its own.
//
// Lagom is the site's own measurement, not a registered TCF vendor with an ID, so it reads the
// purpose consents (`tcData.purpose.consents`) and never a vendor's entry.
import type { Lagom } from '../shared/api.js';

/** The part of the CMP's TCData this file reads. */
interface TCData {
  tcString?: string;
  gdprApplies?: boolean;
  eventStatus?: string;
  purpose?: { consents?: Record<string, boolean> };
}
type TcfApi = (command: string, version: number, callback: (tcData: TCData, success: boolean) => void) => void;

const lagom = (self as unknown as { lagom: Lagom }).lagom;
// Default: 1 (store or access information on a device, which localStorage is) and the
// measurement purposes 8, 9 and 10 (server/sites/settings.ts, DEFAULT_TCF_PURPOSES).
const purposes = (lagom.d.tcfPurposes || '1,8,9,10').split(',');

const listen = (tcfapi: TcfApi) =>
  tcfapi('addEventListener', 2, (tc, ok) => {
    // 'tcloaded': a stored answer on page load; 'useractioncomplete': the visitor answered or
    // changed their answer, withdrawals included. 'cmpuishown' is the question, not an
    // answer. An empty TC string holds no answer either: a refusal is a string too.
    if (ok && (tc.eventStatus == 'tcloaded' || tc.eventStatus == 'useractioncomplete') && (tc.tcString || tc.gdprApplies === false)) {
      // The CMP decides where the GDPR applies; where it says it does not, there is nothing to ask.
      lagom('consent', tc.gdprApplies === false || purposes.every((n) => tc.purpose?.consents?.[n.trim()] === true));
    }
  });

// A CMP that loads after the tracker defines `__tcfapi` later (its stub, or the CMP itself):
// look again for a while. Until it answers, the core waits and sends nothing.
let tries = 0;
const find = () => {
  const tcfapi = (self as { __tcfapi?: TcfApi }).__tcfapi;
  if (tcfapi) listen(tcfapi);
  else if (tries++ < 50) setTimeout(find, 200);
};
find();

// Klaro glue, built to lagom-klaro.js and loaded by the core when the embed (or the site's
// settings) say `data-consent="klaro"`. The visitor's choice for one of Klaro's services
// (`lagom`, or `data-service`) is reported to the core through `window.lagom` (shared/api.ts).
import type { Lagom } from '../shared/api.js';

/** The part of Klaro's consent manager this file uses. */
interface Manager {
  /** true once the visitor saved an answer (now, or stored by Klaro on an earlier page) */
  confirmed: boolean;
  getConsent(service: string): boolean;
  watch(watcher: { update(manager: Manager, name: string, data: unknown): void }): void;
}
interface Klaro {
  /** the page's Klaro configuration, once Klaro has read it */
  defaultConfig?: unknown;
  getManager(): Manager;
}

const lagom = (self as unknown as { lagom: Lagom }).lagom;
const service = lagom.d.service || 'lagom';

const listen = (manager: Manager) => {
  // An answer Klaro stored on an earlier page is known at once.
  if (manager.confirmed) lagom('consent', manager.getConsent(service));
  // 'saveConsents': the visitor saved an answer (accept, decline, or the settings' save),
  // withdrawals included. 'consents' also fires for every switch flipped before saving,
  // which is no answer yet.
  manager.watch({
    update(m, name) {
      if (name == 'saveConsents') lagom('consent', m.getConsent(service));
    },
  });
};

// Klaro may load after the tracker: look again for a while. Until it answers, the core waits
// and sends nothing. Its manager needs the page's configuration, which Klaro reads on load.
let tries = 0;
const find = () => {
  const klaro = (self as { klaro?: Klaro }).klaro;
  if (klaro?.defaultConfig) listen(klaro.getManager());
  else if (tries++ < 50) setTimeout(find, 200);
};
find();

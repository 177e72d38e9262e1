// A site's settings beyond its time zone, as form controls: a switch per tracker feature, the
// consent mode with the one option that mode reads, and the privacy page. The edit dialog
// (edit-site.ts) and the add-site form (add-site.ts) build them here. Each part says what the
// owner changed, and nothing else, so a save sends only that; the server checks the values and
// its message lands beside the field it names.
import { CONSENT_MODES, TRACKER_FLAGS, type ConsentMode } from '../../protocol/tracker.js';
import type { SiteChanges, SiteDetail } from '../lib/api.js';
import { h, type Child } from '../lib/dom.js';
import { text } from '../lib/text.js';

type Configuration = SiteDetail['tracker_script_configuration'];
type Consent = SiteDetail['consent'];
export type Feature = keyof Configuration;

/** Every switch, in the protocol's order; hash routing is a setting the script reads, not code. */
export const FEATURES: readonly Feature[] = [...TRACKER_FLAGS, 'hash_based_routing'];

/**
 * One setting's place in the form: its wrapper (the error goes at its end) and the control that
 * takes focus. `name` is the field as the server's messages name it (`"consent.tcf_purposes"`).
 */
class Place {
  private readonly error = h('p', { className: 'field-error', hidden: true, attrs: { role: 'alert' } });

  constructor(
    readonly name: string,
    readonly wrapper: HTMLElement,
    private readonly control: HTMLElement,
    id: string,
  ) {
    this.error.id = `${id}-error`;
    wrapper.append(this.error);
  }

  show(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
    this.control.setAttribute('aria-invalid', 'true');
    this.control.setAttribute('aria-describedby', `${this.control.getAttribute('aria-describedby') ?? ''} ${this.error.id}`.trim());
    this.control.focus();
  }

  clear(): void {
    if (this.error.hidden) return;
    this.error.hidden = true;
    this.control.removeAttribute('aria-invalid');
    const rest = (this.control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== this.error.id);
    if (rest.length) this.control.setAttribute('aria-describedby', rest.join(' '));
    else this.control.removeAttribute('aria-describedby');
  }
}

/** The parts of a settings form: what they show, what changed, where an error goes. */
export interface SettingsPart {
  el: HTMLElement;
  places: Place[];
}

/**
 * A labelled control with its hint, tied by `for` and `aria-describedby` (the hint is not part
 * of the control's name, so a screen reader says the name, then the hint).
 */
function labelled(id: string, label: string, control: HTMLInputElement | HTMLSelectElement, hint: Child): HTMLElement {
  control.id = id;
  const hintEl = h('small', { className: 'field-hint', id: `${id}-hint` }, hint);
  control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { className: 'field' }, h('label', { className: 'field-label', htmlFor: id }, label), control, hintEl);
}

/** The tracker's features as switches; `shown` picks which (the add-site form offers a few). */
export function featuresFieldset(
  current: Configuration,
  o: { idPrefix: string; legend: string; intro: string; shown?: readonly Feature[] },
): SettingsPart & { changes(): Partial<Configuration> } {
  const t = text.sites;
  const switches = (o.shown ?? FEATURES).map((feature) => {
    const id = `${o.idPrefix}-feature-${feature}`;
    const box = h('input', { type: 'checkbox', name: feature, id, checked: current[feature], attrs: { role: 'switch', 'aria-describedby': `${id}-hint` } });
    const row = h(
      'div',
      { className: 'switch' },
      box,
      h('label', { htmlFor: id }, t.feature[feature].label),
      h('small', { className: 'field-hint', id: `${id}-hint` }, t.feature[feature].hint),
    );
    return { feature, box, row };
  });
  const el = h('fieldset', { className: 'settings-fieldset' }, h('legend', {}, o.legend), h('p', { className: 'muted' }, o.intro), ...switches.map((s) => s.row));
  const first = switches[0]!.box;
  return {
    el,
    places: [new Place('tracker_script_configuration', el, first, `${o.idPrefix}-features`)],
    changes: () => Object.fromEntries(switches.filter((s) => s.box.checked !== current[s.feature]).map((s) => [s.feature, s.box.checked])),
  };
}

/** The modes as the select offers them: a new site's default first. */
const MODES: readonly ConsentMode[] = ['banner', ...CONSENT_MODES.filter((m) => m !== 'banner')];

/** The option each consent mode reads, if any. */
type ModeOption = 'tcf_purposes' | 'cookieconsent_category' | 'klaro_service' | 'refusal_days';
const OPTION_OF: Partial<Record<ConsentMode, ModeOption>> = {
  banner: 'refusal_days',
  tcf: 'tcf_purposes',
  cookieconsent: 'cookieconsent_category',
  klaro: 'klaro_service',
};

/** "1, 8,9 10" → [1, 8, 9, 10]; what is not a number goes to the server as it is, to be refused. */
const purposes = (value: string): number[] => value.split(/[\s,]+/).filter(Boolean).map(Number);

/** The consent mode and, shown only for its mode, the one option that mode reads. */
export function consentFieldset(current: Consent, idPrefix: string): SettingsPart & { changes(): Partial<Consent> } {
  const t = text.sites;
  const id = (name: string) => `${idPrefix}-consent-${name}`;
  const mode = h(
    'select',
    { className: 'input', name: 'consent-mode' },
    ...MODES.map((m) => h('option', { value: m, textContent: t.consentModes[m], selected: m === current.mode })),
  );
  const modeHint = h('span', {}, t.consentModeHints[current.mode]);
  const inputs: Record<ModeOption, HTMLInputElement> = {
    tcf_purposes: h('input', { className: 'input', name: 'tcf-purposes', value: current.tcf_purposes.join(', '), required: true, autocomplete: 'off', spellcheck: false }),
    cookieconsent_category: h('input', { className: 'input', name: 'cookieconsent-category', value: current.cookieconsent_category, required: true, maxLength: 64, autocomplete: 'off', spellcheck: false }),
    klaro_service: h('input', { className: 'input', name: 'klaro-service', value: current.klaro_service, required: true, maxLength: 64, autocomplete: 'off', spellcheck: false }),
    refusal_days: h('input', { className: 'input narrow', type: 'number', name: 'refusal-days', value: String(current.refusal_days), required: true, min: '1', max: '395', step: '1' }),
  };
  const labels: Record<ModeOption, [string, string]> = {
    tcf_purposes: [t.tcfPurposes, t.tcfPurposesHint],
    cookieconsent_category: [t.category, t.categoryHint],
    klaro_service: [t.service, t.serviceHint],
    refusal_days: [t.refusalDays, t.refusalDaysHint],
  };
  const options = (Object.keys(inputs) as ModeOption[]).map((name) => {
    const wrapper = labelled(id(name), labels[name][0], inputs[name], labels[name][1]);
    return { name, wrapper, place: new Place(`consent.${name}`, wrapper, inputs[name], id(name)) };
  });
  const modeField = labelled(id('mode'), t.consentMode, mode, modeHint);

  // A hidden option is disabled too: the browser's own checks then pass it by, and it is not sent.
  const showMode = () => {
    const chosen = mode.value as ConsentMode;
    modeHint.textContent = t.consentModeHints[chosen];
    for (const o of options) {
      const shown = OPTION_OF[chosen] === o.name;
      o.wrapper.hidden = !shown;
      inputs[o.name].disabled = !shown;
    }
  };
  mode.addEventListener('change', showMode);
  showMode();

  const el = h('fieldset', { className: 'settings-fieldset' }, h('legend', {}, t.consent), h('p', { className: 'muted' }, t.consentIntro), modeField, ...options.map((o) => o.wrapper));
  return {
    el,
    places: [new Place('consent.mode', modeField, mode, id('mode')), ...options.map((o) => o.place)],
    changes() {
      const out: Partial<Consent> = {};
      const chosen = mode.value as ConsentMode;
      if (chosen !== current.mode) out.mode = chosen;
      // Only the option on show: one typed and then hidden by a change of mode is not meant.
      const option = OPTION_OF[chosen];
      const value = option && inputs[option].value.trim();
      if (option === 'tcf_purposes' && purposes(value!).join() !== current.tcf_purposes.join()) out.tcf_purposes = purposes(value!);
      if (option === 'refusal_days' && Number(value) !== current.refusal_days) out.refusal_days = Number(value);
      if (option === 'cookieconsent_category' && value !== current.cookieconsent_category) out.cookieconsent_category = value!;
      if (option === 'klaro_service' && value !== current.klaro_service) out.klaro_service = value!;
      return out;
    },
  };
}

/** A setting of one line of text that may be empty (null): the privacy page, the cookie domain. */
function optionalField(
  current: string | null,
  o: { setting: string; id: string; type: string; placeholder: string; label: string; hint: string },
): SettingsPart & { changes(): string | null | undefined } {
  const input = h('input', { className: 'input', type: o.type, name: o.setting.replace(/_/g, '-'), value: current ?? '', placeholder: o.placeholder, spellcheck: false });
  const el = labelled(o.id, o.label, input, o.hint);
  return {
    el,
    places: [new Place(o.setting, el, input, o.id)],
    changes() {
      const value = input.value.trim() || null;
      return value === current ? undefined : value;
    },
  };
}

/** The privacy page's address; empty means none. */
export function privacyField(current: string | null, idPrefix: string): ReturnType<typeof optionalField> {
  const t = text.sites;
  const o = { setting: 'privacy_policy_url', id: `${idPrefix}-privacy-url`, type: 'url', placeholder: 'https://example.com/privacy' };
  return optionalField(current, { ...o, label: t.privacyUrl, hint: t.privacyUrlHint });
}

/** The cookie domain (docs/privacy.md, "Storage"); empty means off: localStorage, per host name. */
function cookieDomainField(current: string | null, domain: string, idPrefix: string): ReturnType<typeof optionalField> {
  const t = text.sites;
  const o = { setting: 'cookie_domain', id: `${idPrefix}-cookie-domain`, type: 'text', placeholder: domain.split('.').slice(-2).join('.') };
  return optionalField(current, { ...o, label: t.cookieDomain, hint: t.cookieDomainHint });
}

/** Everything an edit sends beyond the time zone: only the parts that changed. */
export interface SettingsControls {
  parts: HTMLElement[];
  changes(): Omit<SiteChanges, 'timezone'>;
  /** the server's message beside the field it names; false when it names none of these */
  showError(message: string): boolean;
  clearErrors(): void;
}

export function settingsControls(site: SiteDetail, idPrefix: string): SettingsControls {
  const t = text.sites;
  const features = featuresFieldset(site.tracker_script_configuration, { idPrefix, legend: t.features, intro: t.featuresIntro });
  const consent = consentFieldset(site.consent, idPrefix);
  const privacy = privacyField(site.privacy_policy_url, idPrefix);
  const cookieDomain = cookieDomainField(site.cookie_domain, site.domain, idPrefix);
  const places = [...features.places, ...consent.places, ...privacy.places, ...cookieDomain.places];
  return {
    parts: [features.el, consent.el, privacy.el, cookieDomain.el],
    changes() {
      const out: Omit<SiteChanges, 'timezone'> = {};
      const f = features.changes();
      if (Object.keys(f).length) out.tracker_script_configuration = f;
      const c = consent.changes();
      if (Object.keys(c).length) out.consent = c;
      const p = privacy.changes();
      if (p !== undefined) out.privacy_policy_url = p;
      const cd = cookieDomain.changes();
      if (cd !== undefined) out.cookie_domain = cd;
      return out;
    },
    showError(message) {
      const place = placeFor(places, message);
      place?.show(message);
      return place !== undefined;
    },
    clearErrors: () => places.forEach((p) => p.clear()),
  };
}

/**
 * The place a server message names: it starts with the field in quotes
 * (`"tracker_script_configuration.outbound_links" must be true or false`); a field inside one
 * that has no place of its own goes to the one that holds it.
 */
function placeFor(places: Place[], message: string): Place | undefined {
  let name = /^"([A-Za-z0-9_.]+)"/.exec(message)?.[1];
  while (name) {
    const found = places.find((p) => p.name === name && !p.wrapper.hidden);
    if (found) return found;
    name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : undefined;
  }
  return undefined;
}

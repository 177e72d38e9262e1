// A small TCF v2.2 consent manager for the browser tests, built on IAB Tech Lab's own CMP API
// (@iabtechlabtcf/cmpapi answers `__tcfapi`) and TC string encoder (@iabtechlabtcf/core): the
// parts every real TCF CMP is made of, with a plain dialog in front. consent-fixture.ts bundles
// it for the fixture's pages. It keeps the TC string in a cookie, as CMPs do, so a later page
// load answers `tcloaded` from it.
//
// The page may set `window.testCmp = { gdprApplies: false }` before loading it: the CMP then
// says the GDPR does not apply here and asks nothing.
import { CmpApi } from '@iabtechlabtcf/cmpapi';
import { GVL, TCModel, TCString, type VendorList } from '@iabtechlabtcf/core';

/** No CMP of the register: the lowest ID CmpApi takes is 2; this one only runs in tests. */
const CMP_ID = 999;
const COOKIE = 'euconsent-v2';

// The purposes of TCF v2.2 (names shortened) and no vendors: the site asks for itself.
const NAMES = [
  'Store and/or access information on a device',
  'Use limited data to select advertising',
  'Create profiles for personalised advertising',
  'Use profiles to select personalised advertising',
  'Create profiles to personalise content',
  'Use profiles to select personalised content',
  'Measure advertising performance',
  'Measure content performance',
  'Understand audiences through statistics or combinations of data from different sources',
  'Develop and improve services',
  'Use limited data to select content',
];
const purposes = Object.fromEntries(
  NAMES.map((name, i) => [i + 1, { id: i + 1, name, description: name, illustrations: [] }]),
);
const vendorList = {
  gvlSpecificationVersion: 3,
  vendorListVersion: 1,
  tcfPolicyVersion: 5,
  lastUpdated: '2026-01-01T00:00:00Z',
  purposes,
  specialPurposes: {},
  features: {},
  specialFeatures: {},
  stacks: {},
  dataCategories: {},
  vendors: {},
} as unknown as VendorList;

const options = (window as { testCmp?: { gdprApplies?: boolean } }).testCmp ?? {};
const gvl = new GVL(vendorList);
const cmpApi = new CmpApi(CMP_ID, 1, true);

const stored = () => document.cookie.match(/(?:^|; )euconsent-v2=([^;]*)/)?.[1] ?? '';

/** Encodes the visitor's answer: consent to exactly these purposes. */
function encode(consented: number[]): string {
  const model = new TCModel(gvl);
  model.cmpId = CMP_ID;
  model.cmpVersion = 1;
  model.consentScreen = 1;
  model.isServiceSpecific = true;
  model.publisherCountryCode = 'SE';
  model.purposeConsents.set(consented);
  return TCString.encode(model);
}

// The dialog: a switch per purpose, and three answers of the same weight.
const dialog = document.createElement('div');
dialog.id = 'test-cmp';
dialog.setAttribute('role', 'dialog');
dialog.setAttribute('aria-label', 'Privacy choices');
dialog.hidden = true;
dialog.innerHTML =
  '<p>This site asks for your consent.</p>' +
  NAMES.map((name, i) => `<label><input type="checkbox" name="purpose" value="${i + 1}"> ${name}</label><br>`).join('') +
  '<button type="button" id="cmp-accept">Accept all</button> ' +
  '<button type="button" id="cmp-reject">Reject all</button> ' +
  '<button type="button" id="cmp-save">Save choices</button>';
// Real CMPs offer a way back to the choices on every page; withdrawal goes through it.
const reopen = document.createElement('button');
reopen.type = 'button';
reopen.id = 'cmp-settings';
reopen.textContent = 'Privacy settings';

const boxes = () => [...dialog.querySelectorAll<HTMLInputElement>('input[name=purpose]')];

function answer(consented: number[]): void {
  const tcString = encode(consented);
  document.cookie = `${COOKIE}=${tcString}; path=/; max-age=31536000; SameSite=Lax`;
  dialog.hidden = true;
  cmpApi.update(tcString, false);
}

function show(): void {
  // The switches start as the stored answer says; a new visitor's are all off.
  const current = stored() ? TCString.decode(stored()).purposeConsents : undefined;
  for (const box of boxes()) box.checked = current?.has(+box.value) ?? false;
  dialog.hidden = false;
  cmpApi.update(stored(), true);
}

dialog.querySelector('#cmp-accept')!.addEventListener('click', () => answer(NAMES.map((_, i) => i + 1)));
dialog.querySelector('#cmp-reject')!.addEventListener('click', () => answer([]));
dialog.querySelector('#cmp-save')!.addEventListener('click', () => answer(boxes().filter((b) => b.checked).map((b) => +b.value)));
reopen.addEventListener('click', show);

const start = () => {
  document.body.append(dialog, reopen);
  if (options.gdprApplies === false) cmpApi.update(null);
  else if (stored()) cmpApi.update(stored(), false);
  else show();
};
if (document.body) start();
else addEventListener('DOMContentLoaded', start);

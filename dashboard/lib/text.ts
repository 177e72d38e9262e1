// The language of the interface: Swedish or English. It follows the browser unless the owner
// chose one with the switch in the top bar (remembered in this browser only).
// Only the chosen language's words are fetched: each catalogue is a chunk of its own, and this
// module's top-level await holds back every module that imports it until the words are there,
// so `text` is complete wherever it is read.
import type { Catalogue } from './i18n/en.js';
import { readItem, writeItem } from './storage.js';

export type Lang = 'en' | 'sv';
const STORAGE_KEY = 'lagom.lang';

export function chooseLang(saved: string | null, preferred: readonly string[]): Lang {
  if (saved === 'en' || saved === 'sv') return saved;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'sv') return 'sv';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export const lang: Lang = chooseLang(readItem(STORAGE_KEY), navigator.languages?.length ? navigator.languages : [navigator.language]);
export const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
export const text: Catalogue = lang === 'sv' ? (await import('./i18n/sv.js')).sv : (await import('./i18n/en.js')).en;

/** Remembers the choice and reloads: every view reads `text` once, when it is built. */
export function switchLang(next: Lang): void {
  writeItem(STORAGE_KEY, next); // without storage the switch cannot outlive the reload
  location.reload();
}

// The language of the interface: Swedish or English. It follows the browser unless the owner
// chose one with the switch in the top bar (remembered in this browser only).
import { en, type Catalogue } from './i18n/en.js';
import { sv } from './i18n/sv.js';

export type Lang = 'en' | 'sv';
const STORAGE_KEY = 'lagom.lang';

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: fall back to the browser's languages
  }
}

export function chooseLang(saved: string | null, preferred: readonly string[]): Lang {
  if (saved === 'en' || saved === 'sv') return saved;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'sv') return 'sv';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export const lang: Lang = chooseLang(stored(), navigator.languages?.length ? navigator.languages : [navigator.language]);
export const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
export const text: Catalogue = lang === 'sv' ? sv : en;

/** Remembers the choice and reloads: every view reads `text` once, when it is built. */
export function switchLang(next: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // without storage the switch cannot outlive the reload; nothing better to do
  }
  location.reload();
}

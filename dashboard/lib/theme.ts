// Light or dark. The stylesheet follows prefers-color-scheme by itself; the toggle stores an
// explicit choice in this browser and marks <html data-theme>, which the stylesheet obeys first.
import { readItem, writeItem } from './storage.js';

export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'lagom.theme';
const media = () => matchMedia('(prefers-color-scheme: dark)');

function saved(): Theme | null {
  const v = readItem(STORAGE_KEY);
  return v === 'light' || v === 'dark' ? v : null;
}

export const currentTheme = (): Theme => saved() ?? (media().matches ? 'dark' : 'light');

export function applyTheme(): void {
  const theme = saved();
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

export function setTheme(theme: Theme): void {
  writeItem(STORAGE_KEY, theme); // applied even if not remembered
  document.documentElement.dataset.theme = theme;
  document.dispatchEvent(new Event('lagom:theme'));
}

/** Calls back when the colours change, by the toggle or by the system; returns the unsubscribe. */
export function onThemeChange(callback: () => void): () => void {
  const m = media();
  m.addEventListener('change', callback);
  document.addEventListener('lagom:theme', callback);
  return () => {
    m.removeEventListener('change', callback);
    document.removeEventListener('lagom:theme', callback);
  };
}

// The bar across the top: the brand, the owner's navigation (when signed in), and the switches
// for theme and language that every screen offers.
import { h, icon, type Child } from '../lib/dom.js';
import { currentTheme, setTheme } from '../lib/theme.js';
import { switchLang, text, type Lang } from '../lib/text.js';
import { brand } from './form.js';

export function themeToggle(): HTMLButtonElement {
  const button = h('button', { type: 'button', className: 'icon-button', title: text.nav.darkMode, attrs: { 'aria-label': text.nav.darkMode } });
  const show = () => {
    const dark = currentTheme() === 'dark';
    button.setAttribute('aria-pressed', String(dark));
    button.replaceChildren(icon(dark ? 'sun' : 'moon'));
  };
  button.addEventListener('click', () => {
    setTheme(currentTheme() === 'dark' ? 'light' : 'dark');
    show();
  });
  show();
  return button;
}

export function languageToggle(): HTMLButtonElement {
  const next = text.nav.languageCode as Lang;
  return h('button', {
    type: 'button',
    className: 'button ghost small lang-toggle',
    textContent: text.nav.language,
    lang: next,
    title: text.nav.languageLabel,
    on: { click: () => switchLang(next) },
  });
}

export function topbar(nav: Child, ...tools: Child[]): HTMLElement {
  return h(
    'header',
    { className: 'topbar' },
    h('div', { className: 'topbar-inner' }, brand(), nav, h('div', { className: 'tools' }, themeToggle(), languageToggle(), ...tools)),
  );
}

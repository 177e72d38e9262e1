// Browser and OS names as Plausible stores them. Lagom parses user agents with ua-parser-js;
// Plausible with UAInspector (Matomo's device-detector database), whose names differ for some
// of the most common agents ("macOS" is "Mac" there, "Edge" is "Microsoft Edge"). A filter or a
// breakdown written for Plausible (`visit:os==Mac`) must find the same rows here, so ua-parser's
// names are renamed to device-detector's before anything is stored. Names missing from the tables
// are spelt the same by both. Plausible also folds the mobile variants into their browser
// ("Mobile Safari" is Safari) and names every in-app browser "Mobile App", without a version.

const BROWSERS: Readonly<Record<string, string>> = {
  'Mobile Chrome': 'Chrome',
  'Mobile Safari': 'Safari',
  'Mobile Firefox': 'Firefox',
  Edge: 'Microsoft Edge',
  IE: 'Internet Explorer',
  'Opera Mini': 'Opera',
  'Opera Mobi': 'Opera',
  'Samsung Internet': 'Samsung Browser',
  Yandex: 'Yandex Browser',
  UCBrowser: 'UC Browser',
  DuckDuckGo: 'DuckDuckGo Privacy Browser',
  QQBrowser: 'QQ Browser',
  QQBrowserLite: 'QQ Browser Lite',
  Whale: 'Whale Browser',
  PaleMoon: 'Pale Moon',
  Silk: 'Mobile Silk',
  'Vivo Browser': 'vivo Browser',
  Aloha: 'Aloha Browser',
  Otter: 'Otter Browser',
  IceWeasel: 'Iceweasel',
  'K-Meleon': 'K-meleon',
  qutebrowser: 'Qutebrowser',
  Epiphany: 'GNOME Web',
  'Sogou Mobile': 'Sogou Mobile Browser',
  Kindle: 'Kindle Browser',
};

const OSES: Readonly<Record<string, string>> = {
  macOS: 'Mac',
  Linux: 'GNU/Linux',
  Arch: 'Arch Linux',
  RedHat: 'Red Hat',
  WebOS: 'webOS',
  'Amiga OS': 'AmigaOS',
  'Morph OS': 'MorphOS',
  Haiku: 'Haiku OS',
  Sailfish: 'Sailfish OS',
  BlackBerry: 'BlackBerry OS',
  'RIM Tablet OS': 'BlackBerry Tablet OS',
  Pico: 'PICO OS',
};

/** Plausible's name for the app every in-app browser (Facebook's, Instagram's, …) is counted as. */
export const MOBILE_APP = 'Mobile App';

/**
 * Plausible's name for a browser ua-parser-js names `name`; `type` is ua-parser's browser type,
 * "inapp" for the browsers inside apps (Facebook's, Instagram's, an Android web view).
 */
export function browserName(name: string, type?: string): string {
  if (type === 'inapp') return MOBILE_APP;
  return BROWSERS[name] ?? name;
}

/** Plausible's name for an OS ua-parser-js names `name`. */
export const osName = (name: string): string => OSES[name] ?? name;

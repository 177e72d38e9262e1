// The site this browser looked at last, so that a sign-in lands there rather than on the first
// site of the list. Only the site's domain is kept: nothing about the person.
import { readItem, writeItem } from './storage.js';

const KEY = 'lagom:last-site';

export const rememberSite = (domain: string): void => writeItem(KEY, domain);
export const lastSite = (): string | null => readItem(KEY);

// The site this browser looked at last, so that a sign-in lands there rather than on the first
// site of the list. Only the site's domain is kept: nothing about the person.
const KEY = 'lagom:last-site';

export function rememberSite(domain: string): void {
  try {
    localStorage.setItem(KEY, domain);
  } catch {
    // storage refused (a private window's quota, a policy): the first site it is, next time
  }
}

export function lastSite(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

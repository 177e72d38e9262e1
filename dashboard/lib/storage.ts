// This browser's storage, for the few things the dashboard remembers (theme, language, the last
// site, a sign-in just made). Storage can be refused (a private window's quota, a policy, a
// sandbox): then nothing is remembered, and nothing fails.
type Area = 'local' | 'session';
const areaOf = (area: Area): Storage => (area === 'local' ? localStorage : sessionStorage);

export function readItem(key: string, area: Area = 'local'): string | null {
  try {
    return areaOf(area).getItem(key);
  } catch {
    return null;
  }
}

export function writeItem(key: string, value: string, area: Area = 'local'): void {
  try {
    areaOf(area).setItem(key, value);
  } catch {
    // not remembered
  }
}

export function removeItem(key: string, area: Area = 'local'): void {
  try {
    areaOf(area).removeItem(key);
  } catch {
    // nothing was kept
  }
}

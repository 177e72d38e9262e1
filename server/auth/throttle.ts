/**
 * Counts failed logins per account in memory; after `limit` failures within `windowMs`, further
 * attempts are refused until the window passes. Bounded: old entries are swept.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** milliseconds to wait before another attempt, 0 when allowed */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    return list.length >= this.limit ? this.windowMs - (now - list[0]!) : 0;
  }

  fail(key: string, now = Date.now()): void {
    if (this.failures.size >= this.maxEntries) this.failures.delete(this.failures.keys().next().value as string);
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}

import { LagomError } from '../core/errors.js';

/**
 * Events per client IP per minute, counted in memory only: the map is replaced every minute,
 * so no address outlives the window it was counted in, and memory is bounded by one minute of
 * distinct clients (capped by maxClients, beyond which new clients share one bucket).
 */
export class RateLimiter {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly maxClients = 200_000,
  ) {}

  check(ip: string, nowMs = Date.now()): void {
    if (this.perMinute <= 0) return;
    const window = Math.floor(nowMs / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const key = this.counts.size >= this.maxClients && !this.counts.has(ip) ? '*' : ip;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n > this.perMinute) {
      const retry = 60 - Math.floor((nowMs % 60_000) / 1000);
      throw new LagomError(429, 'rate_limited', 'Too many events from this address; slow down', {
        headers: { 'Retry-After': String(retry) },
      });
    }
  }
}

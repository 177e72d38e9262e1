// Events per client address per minute, in memory only. Every case gives the clock explicitly:
// the limiter takes the time as an argument for exactly this.
import { describe, expect, it } from 'vitest';
import { LagomError } from '../../../server/core/errors.js';
import { RateLimiter } from '../../../server/ingest/rate-limit.js';

const MINUTE = 60_000;
/** a moment inside a minute window: `seconds` after its start */
const at = (minute: number, seconds = 0) => minute * MINUTE + seconds * 1000;

/** The error check() throws, or undefined when it lets the event through. */
function refusal(limiter: RateLimiter, ip: string, nowMs: number): LagomError | undefined {
  try {
    limiter.check(ip, nowMs);
    return undefined;
  } catch (err) {
    if (err instanceof LagomError) return err;
    throw err;
  }
}

describe('RateLimiter', () => {
  it('lets an address send its allowance in a minute and refuses the next event with 429', () => {
    const limiter = new RateLimiter(3);
    for (let i = 0; i < 3; i++) expect(refusal(limiter, '192.0.2.1', at(100, i))).toBeUndefined();
    const err = refusal(limiter, '192.0.2.1', at(100, 15.5));
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', expose: true });
    // Retry-After: the seconds left until the window turns.
    expect(err!.headers['Retry-After']).toBe('45');
    // Still refused for the rest of that minute.
    expect(refusal(limiter, '192.0.2.1', at(100, 59.9))?.headers['Retry-After']).toBe('1');
  });

  it('counts every address on its own', () => {
    const limiter = new RateLimiter(2);
    limiter.check('192.0.2.1', at(5));
    limiter.check('192.0.2.1', at(5));
    expect(refusal(limiter, '192.0.2.1', at(5))).toBeDefined();
    expect(refusal(limiter, '192.0.2.2', at(5))).toBeUndefined();
    expect(refusal(limiter, '2001:db8::1', at(5))).toBeUndefined();
  });

  it('starts every minute afresh: nothing counted in the last window carries over', () => {
    const limiter = new RateLimiter(1);
    limiter.check('192.0.2.1', at(7, 59));
    expect(refusal(limiter, '192.0.2.1', at(7, 59.5))).toBeDefined();
    expect(refusal(limiter, '192.0.2.1', at(8))).toBeUndefined();
    expect(refusal(limiter, '192.0.2.1', at(8, 1))).toBeDefined();
  });

  it('with a limit of 0 or less counts nothing', () => {
    for (const perMinute of [0, -1]) {
      const limiter = new RateLimiter(perMinute);
      for (let i = 0; i < 1000; i++) expect(refusal(limiter, '192.0.2.1', at(1))).toBeUndefined();
    }
  });

  it('beyond maxClients addresses, new ones share one allowance; the known ones keep theirs', () => {
    const limiter = new RateLimiter(2, 2);
    limiter.check('10.0.0.1', at(3));
    limiter.check('10.0.0.2', at(3));
    // The map is full: these two are counted together.
    expect(refusal(limiter, '10.0.0.3', at(3))).toBeUndefined();
    expect(refusal(limiter, '10.0.0.4', at(3))).toBeUndefined();
    expect(refusal(limiter, '10.0.0.5', at(3))).toMatchObject({ status: 429 });
    // The first two addresses still have their own second event.
    expect(refusal(limiter, '10.0.0.1', at(3))).toBeUndefined();
    expect(refusal(limiter, '10.0.0.2', at(3))).toBeUndefined();
    // The next minute the map is empty again: a new address has its own count.
    expect(refusal(limiter, '10.0.0.5', at(4))).toBeUndefined();
  });
});

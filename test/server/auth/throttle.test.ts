import { describe, expect, it } from 'vitest';
import { LoginThrottle, addressKey } from '../../../server/auth/throttle.js';

describe('LoginThrottle', () => {
  const windowMs = 15 * 60_000;

  it('makes one (account, address) pair wait after five failures, until the window passes', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) {
      expect(t.check('a@x', '1.1.1.1', i)).toEqual({ kind: 'allow', delayMs: 0 });
      t.fail('a@x', '1.1.1.1', i);
    }
    expect(t.check('a@x', '1.1.1.1', 10)).toEqual({ kind: 'wait', retryAfterMs: windowMs - 10 });
    expect(t.check('a@x', '2.2.2.2', 10)).toEqual({ kind: 'allow', delayMs: 0 });
    expect(t.check('b@x', '1.1.1.1', 10)).toEqual({ kind: 'allow', delayMs: 0 });
    expect(t.check('a@x', '1.1.1.1', windowMs + 5)).toEqual({ kind: 'allow', delayMs: 0 });
  });

  it('delays, never refuses, an account over its ceiling from many addresses', () => {
    const t = new LoginThrottle({ accountCeiling: 20, slowdownMs: 1000 });
    for (let a = 0; a < 4; a++) for (let i = 0; i < 5; i++) t.fail('a@x', `10.0.0.${a}`, 0);
    expect(t.check('a@x', '192.0.2.1', 1)).toEqual({ kind: 'allow', delayMs: 1000 });
    expect(t.check('other@x', '192.0.2.1', 1)).toEqual({ kind: 'allow', delayMs: 0 });
    t.clearAccount('a@x');
    expect(t.check('a@x', '10.0.0.0', 1)).toEqual({ kind: 'allow', delayMs: 0 });
  });

  it('a success clears its own pair only', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) t.fail('a@x', '1.1.1.1', 0);
    for (let i = 0; i < 4; i++) t.fail('a@x', '2.2.2.2', 0);
    t.succeed('a@x', '2.2.2.2');
    expect(t.check('a@x', '1.1.1.1', 1).kind).toBe('wait');
    t.fail('a@x', '2.2.2.2', 1);
    expect(t.check('a@x', '2.2.2.2', 1).kind).toBe('allow');
  });

  it('holds one address to 50 failures on any accounts, so spraying cannot push its own entry out', () => {
    const t = new LoginThrottle({ maxEntries: 20 });
    for (let i = 0; i < 5; i++) t.fail('owner@x', '203.0.113.7', 0);
    for (let i = 0; i < 45; i++) t.fail(`made-up-${i}@x`, '203.0.113.7', 1);
    // The pair entry for the owner is long evicted; the address is still held.
    expect(t.check('owner@x', '203.0.113.7', 2).kind).toBe('wait');
    expect(t.check('another@x', '203.0.113.7', 2)).toEqual({ kind: 'wait', retryAfterMs: windowMs - 2 });
    expect(t.check('owner@x', '198.51.100.9', 2)).toEqual({ kind: 'allow', delayMs: 0 });
  });

  it('stays bounded in memory', () => {
    const t = new LoginThrottle({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++) t.fail('a@x', `10.0.${i >> 8}.${i & 255}`, 0);
    expect((t as unknown as { pairs: Map<string, unknown> }).pairs.size).toBeLessThanOrEqual(100);
  });
});

describe('addressKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8:aa:bb::1', '2001:db8:aa:bb::/64'],
    ['2001:0db8:00aa:00bb:1:2:3:4', '2001:db8:aa:bb::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s counts as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

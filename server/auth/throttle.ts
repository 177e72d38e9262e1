import { isIPv6 } from 'node:net';
import { unmapped } from '../core/client-ip.js';

export interface ThrottleOptions {
  /** failures of one (account, address) pair within the window before that pair must wait */
  perPair: number;
  /** failures from one address, on any accounts, within the window before that address must wait */
  perAddress: number;
  /** failures of one account, from all addresses, within the window before every attempt is slowed */
  accountCeiling: number;
  windowMs: number;
  /** the delay per attempt once an account is over its ceiling */
  slowdownMs: number;
  /** entries kept in memory at most; the oldest go first */
  maxEntries: number;
}

const DEFAULTS: ThrottleOptions = {
  perPair: 5,
  perAddress: 50,
  accountCeiling: 20,
  windowMs: 15 * 60_000,
  slowdownMs: 1000,
  maxEntries: 10_000,
};

export type ThrottleVerdict =
  | { kind: 'allow'; delayMs: number }
  | { kind: 'wait'; retryAfterMs: number };

/**
 * Slows down password guessers without locking out the owner. Failures are counted per
 * (account, client address) pair: five wrong passwords from one address make that address wait
 * out the window for that account, and nobody else. An account under attack from many
 * addresses is never closed either: past its ceiling every attempt on it is delayed, so a
 * guesser with a thousand addresses gets five slowed guesses from each, while the owner, from
 * their own address, still signs in at once with the right password (a second at most).
 *
 * One address is also held to 50 failures in the window whatever the accounts: the entries
 * are bounded in number, so without that a guesser could spray made-up accounts until its own
 * entry for the real one is pushed out, and start again.
 *
 * IPv6 addresses count by their /64, the block one customer usually gets: otherwise a single
 * machine could rotate through addresses for free. Nothing here is ever written anywhere.
 */
export class LoginThrottle {
  private readonly pairs = new Map<string, number[]>();
  private readonly accounts = new Map<string, number[]>();
  private readonly addresses = new Map<string, number[]>();
  private readonly options: ThrottleOptions;

  constructor(options: Partial<ThrottleOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  check(account: string, address: string, now = Date.now()): ThrottleVerdict {
    const { perPair, perAddress, accountCeiling, windowMs, slowdownMs } = this.options;
    const pair = this.recent(this.pairs, pairKey(account, address), now);
    if (pair.length >= perPair) return { kind: 'wait', retryAfterMs: windowMs - (now - pair[0]!) };
    const from = this.recent(this.addresses, addressKey(address), now);
    if (from.length >= perAddress) return { kind: 'wait', retryAfterMs: windowMs - (now - from[from.length - perAddress]!) };
    const all = this.recent(this.accounts, account, now);
    return { kind: 'allow', delayMs: all.length >= accountCeiling ? slowdownMs : 0 };
  }

  fail(account: string, address: string, now = Date.now()): void {
    this.push(this.pairs, pairKey(account, address), now);
    this.push(this.accounts, account, now);
    this.push(this.addresses, addressKey(address), now);
  }

  /** A right password clears its own address's failures, not those other addresses made. */
  succeed(account: string, address: string): void {
    this.pairs.delete(pairKey(account, address));
  }

  /** A new password (reset or change) starts the account afresh. */
  clearAccount(account: string): void {
    this.accounts.delete(account);
    const prefix = `${account}\n`;
    for (const key of this.pairs.keys()) if (key.startsWith(prefix)) this.pairs.delete(key);
  }

  private recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const list = (map.get(key) ?? []).filter((t) => now - t < this.options.windowMs);
    if (list.length === 0) map.delete(key);
    else map.set(key, list);
    return list;
  }

  private push(map: Map<string, number[]>, key: string, now: number): void {
    const list = this.recent(map, key, now);
    // Bounded: a new key pushes out the entry whose last failure is oldest (re-inserted on every
    // failure, as a Map keeps insertion order), not the heap; the per-address count is what
    // keeps a guesser from spraying its way past that.
    map.delete(key);
    if (map.size >= this.options.maxEntries) map.delete(map.keys().next().value as string);
    // Only the newest failures matter for the counts; keep no more of them than that.
    map.set(key, [...list, now].slice(-Math.max(this.options.perPair, this.options.perAddress, this.options.accountCeiling)));
  }
}

/** The address as the throttle counts it: IPv4 as is, IPv6 by its /64. */
export function addressKey(address: string): string {
  const ip = unmapped(address);
  if (!isIPv6(ip)) return ip;
  return expandIPv6(ip).slice(0, 4).join(':') + '::/64';
}

function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

const pairKey = (account: string, address: string) => `${account}\n${addressKey(address)}`;

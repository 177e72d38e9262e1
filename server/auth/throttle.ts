import { isIPv6 } from 'node:net';

export interface ThrottleOptions {
  /** failures of one (account, address) pair within the window before that pair must wait */
  perPair: number;
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
 * IPv6 addresses count by their /64, the block one customer usually gets: otherwise a single
 * machine could rotate through addresses for free. Nothing here is ever written anywhere.
 */
export class LoginThrottle {
  private readonly pairs = new Map<string, number[]>();
  private readonly accounts = new Map<string, number[]>();
  private readonly options: ThrottleOptions;

  constructor(options: Partial<ThrottleOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  check(account: string, address: string, now = Date.now()): ThrottleVerdict {
    const { perPair, accountCeiling, windowMs, slowdownMs } = this.options;
    const pair = this.recent(this.pairs, pairKey(account, address), now);
    if (pair.length >= perPair) return { kind: 'wait', retryAfterMs: windowMs - (now - pair[0]!) };
    const all = this.recent(this.accounts, account, now);
    return { kind: 'allow', delayMs: all.length >= accountCeiling ? slowdownMs : 0 };
  }

  fail(account: string, address: string, now = Date.now()): void {
    this.push(this.pairs, pairKey(account, address), now);
    this.push(this.accounts, account, now);
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
    // Bounded: an attacker's fresh addresses push out the oldest entries, not the heap.
    if (!map.has(key) && map.size >= this.options.maxEntries) map.delete(map.keys().next().value as string);
    // Only the newest failures matter for the counts; keep no more of them than that.
    map.set(key, [...list, now].slice(-Math.max(this.options.perPair, this.options.accountCeiling)));
  }
}

/** The address as the throttle counts it: IPv4 as is, IPv6 by its /64. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  return expandIPv6(address).slice(0, 4).join(':') + '::/64';
}

function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

const pairKey = (account: string, address: string) => `${account}\n${addressKey(address)}`;

import { describe, expect, it } from 'vitest';
import { decodeEvent } from '../../../server/ingest/decode.js';
import { LruCache, deviceClass } from '../../../server/ingest/enrich.js';
import { sourceForReferrer } from '../../../server/ingest/sources.js';

describe('sourceForReferrer', () => {
  it.each([
    ['www.google.se', 'Google'],
    ['l.facebook.com', 'Facebook'],
    ['news.ycombinator.com', 'Hacker News'],
    ['de.wikipedia.org', 'Wikipedia'],
    ['t.co', 'Twitter'],
    ['fb', 'Facebook'],
    ['blog.example.org', 'blog.example.org'],
    ['', ''],
  ])('%s → %s', (host, name) => expect(sourceForReferrer(host)).toBe(name));
});

describe('deviceClass', () => {
  it('uses the user agent first, then the screen width', () => {
    expect(deviceClass('mobile', 1200)).toBe('Mobile');
    expect(deviceClass('', 400)).toBe('Mobile');
    expect(deviceClass('', 800)).toBe('Tablet');
    expect(deviceClass('', 1440)).toBe('Desktop');
  });
});

describe('decodeEvent', () => {
  const ok = { v: 1, n: 'pageview', u: 'https://a.test/', d: 'a.test' };
  it('accepts the minimal event', () => expect(decodeEvent(JSON.stringify(ok))).toEqual(ok));
  it.each([
    [{ ...ok, v: 2 }, '"v"'],
    [{ ...ok, n: undefined }, '"n"'],
    [{ ...ok, u: 'javascript:alert(1)' }, '"u"'],
    [{ ...ok, d: 7 }, '"d"'],
    [{ ...ok, fv: 2 }, '"fv"'],
    [{ ...ok, p: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v'])) }, 'more than 30 props'],
    [{ ...ok, p: { ['k'.repeat(301)]: 'v' } }, 'key must be'],
    [{ ...ok, p: { plan: 'x'.repeat(2001) } }, '"p.plan"'],
    [{ ...ok, p: { plan: { nested: 1 } } }, '"p.plan"'],
    [[ok], 'JSON object'],
    [{ ...ok, ks: '/a' }, '"ks"'],
    [{ ...ok, ks: ['a'] }, '"ks"'],
    [{ ...ok, ks: Array.from({ length: 21 }, (_, i) => `/p${i}`) }, 'at most 20 keys'],
    [{ ...ok, fi: 1, ds: -5 }, '"ds"'],
  ])('refuses %j naming %s', (event, needle) => {
    expect(() => decodeEvent(JSON.stringify(event))).toThrow(needle);
  });
});

describe('LruCache', () => {
  it('keeps at most max entries, evicting the least recently used', () => {
    const c = new LruCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.get('a');
    c.set('c', 3);
    expect([c.get('a'), c.get('b'), c.get('c'), c.size]).toEqual([1, undefined, 3, 2]);
  });
});

describe('parseUserAgent with client hints', () => {
  it('reads Windows 11 and the browser from Sec-CH-UA headers', async () => {
    const { parseUserAgent, emptyEvent } = await import('../../../server/ingest/enrich.js');
    const e = emptyEvent(
      { v: 1, n: 'pageview', u: 'https://a.test/', d: 'a.test', w: 1920 },
      {
        body: '',
        ip: '',
        gpc: false,
        now: 0,
        userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        hints: {
          'sec-ch-ua': '"Chromium";v="131", "Google Chrome";v="131", "Not_A Brand";v="24"',
          'sec-ch-ua-platform': '"Windows"',
          'sec-ch-ua-platform-version': '"15.0.0"',
          'sec-ch-ua-mobile': '?0',
        },
      },
    );
    await parseUserAgent().run(e);
    expect([e.browser, e.browserVersion, e.os, e.osVersion, e.device]).toEqual(['Chrome', '131', 'Windows', '11', 'Desktop']);
    const plain = emptyEvent(e.wire, { ...e.request, hints: {} });
    await parseUserAgent().run(plain);
    expect(plain.osVersion).toBe('10');
  });
});

describe('enrich_url', () => {
  it('reads page, entry and previous page the same way: escapes decoded, hash routes shown with #', async () => {
    const { enrichUrl, emptyEvent } = await import('../../../server/ingest/enrich.js');
    const { toRows } = await import('../../../server/ingest/rows.js');
    const request = { body: '', ip: '', gpc: false, now: 7200, userAgent: '', hints: {} };
    const e = emptyEvent(
      { v: 1, n: 'pageview', u: 'https://www.a.test/caf%C3%A9/%23/about', d: 'a.test', e: '/caf%C3%A9/%23/start', xp: '/%E0%A4%A', b: -1 },
      request,
    );
    enrichUrl.run(e);
    expect([e.hostname, e.path, e.entryPath, e.previousPath]).toEqual(['a.test', '/café/#/about', '/café/#/start', '/%E0%A4%A']);
    const [own, exit] = toRows(e).counters;
    expect(own).toMatchObject({ path: '/café/#/about', entry_path: '/café/#/start', exits: 1 });
    // No dd: no gap to book on the previous page.
    expect(exit).toMatchObject({ path: '/%E0%A4%A', exits: -1, gap_ms: 0, gap_n: 0 });
    // The first pageview of a visit is its own entry; an event that does not say has none.
    const first = emptyEvent({ v: 1, n: 'pageview', u: 'https://a.test/x', d: 'a.test', fs: 1 }, request);
    enrichUrl.run(first);
    expect([first.entryPath, first.previousPath]).toEqual(['/x', undefined]);
    const bare = emptyEvent({ v: 1, n: 'Signup', u: 'https://a.test/x', d: 'a.test' }, request);
    enrichUrl.run(bare);
    expect(bare.entryPath).toBe('');
  });
});

describe('visit keys', () => {
  it('book the visit on a new key, and this event\'s duration and un-bounce on the keys before it', async () => {
    const { enrichUrl, emptyEvent } = await import('../../../server/ingest/enrich.js');
    const { toRows } = await import('../../../server/ingest/rows.js');
    const request = { body: '', ip: '', gpc: false, now: 7200, userAgent: '', hints: {} };
    // The visit's second pageview, new to the visit, after "/" and a Signup.
    const second = emptyEvent(
      { v: 1, n: 'pageview', u: 'https://a.test/caf%C3%A9', d: 'a.test', fi: 1, ds: 9000, b: -1, dd: 4000, xp: '/', ks: ['/', '!Signup'] },
      request,
    );
    enrichUrl.run(second);
    const rows = toRows(second).counters;
    expect(rows[0]).toMatchObject({ name: 'pageview', path: '/café', key_visits: 1, key_bounces: 0, key_duration_ms: 9000 });
    // The four seconds since "/" were spent on "/": its gap (time on page), with its exit moved.
    expect(rows.find((r) => r.exits === -1)).toMatchObject({ path: '/', gap_ms: 4000, gap_n: 1, pageviews: 0 });
    const keyRows = rows.filter((r) => r.key_duration_ms === 4000);
    expect(keyRows.map((r) => [r.name, r.path, r.key_bounces, r.key_visits, r.pageviews, r.events, r.visitors, r.duration_ms])).toEqual([
      ['pageview', '/', -1, 0, 0, 0, 0, 0],
      ['Signup', '', -1, 0, 0, 0, 0, 0],
    ]);
    // A key seen before: no visit, its own duration; a bounce booked at its first event.
    const again = emptyEvent({ v: 1, n: 'Signup', u: 'https://a.test/', d: 'a.test', dd: 2000, ks: ['/'] }, request);
    enrichUrl.run(again);
    expect(toRows(again).counters.map((r) => [r.name, r.key_visits, r.key_duration_ms])).toEqual([
      ['Signup', 0, 2000],
      ['pageview', 0, 2000],
    ]);
    const first = emptyEvent({ v: 1, n: 'pageview', u: 'https://a.test/', d: 'a.test', fs: 1, b: 1, fi: 1, ds: 0, kb: 1, dd: 0 }, request);
    enrichUrl.run(first);
    expect(toRows(first).counters).toMatchObject([{ key_visits: 1, key_bounces: 1, key_duration_ms: 0 }]);
  });
});

// The visit's referrer as Plausible stores it (its ingestion's Source.format_referrer): host
// without "www." and path without a trailing slash, no scheme (but for android-app://, which names
// the app), no query or fragment; only http(s) and android-app referrers count, the site's own
// pages and localhost are not a source. Lagom also drops a bare IP address (docs/privacy.md).
import { describe, expect, it } from 'vitest';
import { emptyEvent, enrichSource, enrichUrl } from '../../../server/ingest/enrich.js';

function enrich(referrer: string) {
  const request = { body: '', ip: '', gpc: false, now: 0, userAgent: '', hints: {} };
  const e = emptyEvent({ v: 1, n: 'pageview', u: 'https://www.site.test/page', d: 'site.test', r: referrer }, request);
  enrichUrl.run(e);
  enrichSource.run(e);
  return [e.source, e.referrer];
}

describe('enrich_source: the referrer', () => {
  it.each([
    // referrer as the browser sends it, source, referrer as stored
    ['https://facebook.com/', 'Facebook', 'facebook.com'],
    ['https://www.facebook.com/page/', 'Facebook', 'facebook.com/page'],
    ['https://news.ycombinator.com/item', 'Hacker News', 'news.ycombinator.com/item'],
    ['http://blog.example.org/a/b//', 'blog.example.org', 'blog.example.org/a/b'],
    ['https://blog.example.org/post?token=secret#part', 'blog.example.org', 'blog.example.org/post'],
    ['android-app://com.example.reader/', 'com.example.reader', 'android-app://com.example.reader'],
    // Not a website: no source, no referrer.
    ['https://site.test/other', '', ''],
    ['https://www.site.test/', '', ''],
    ['http://localhost:3000/dev', '', ''],
    ['http://192.168.1.20/admin', '', ''],
    ['http://[::1]/', '', ''],
    ['ftp://files.example.org/pub', '', ''],
    ['chrome-extension://abcdef/popup.html', '', ''],
    ['not a url', '', ''],
  ])('%s → source %j, referrer %j', (referrer, source, stored) => {
    expect(enrich(referrer)).toEqual([source, stored]);
  });
});

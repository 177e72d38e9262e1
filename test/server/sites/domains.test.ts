import { describe, expect, it } from 'vitest';
import { displayDomain, siteKey } from '../../../server/sites/domains.js';
import { checkDomain, siteView } from '../../../server/sites/registry.js';

const IDN = 'xn--rksmrgs-5wao1o.se';

describe('site domains', () => {
  it.each([
    ['example.com', 'example.com'],
    ['Example.COM', 'example.com'],
    ['www.example.com', 'example.com'],
    [' example.com ', 'example.com'],
    ['räksmörgås.se', IDN],
    ['RÄKSMÖRGÅS.SE', IDN],
    ['www.räksmörgås.se', IDN],
    [IDN, IDN],
    ['XN--RKSMRGS-5WAO1O.SE', IDN],
    ['münchen.de', 'xn--mnchen-3ya.de'],
  ])('%j is stored as %j', (given, stored) => {
    expect(checkDomain(given)).toBe(stored);
  });

  it.each(['', 'a b.se', 'xn--zz.se', 'exa_mple.com', '-a.se', 'https://example.com', 'räksmörgås .se'])('%j is refused', (given) => {
    expect(() => checkDomain(given)).toThrow(/"domain" must be a host name/);
  });

  it('looks a site up by either form, converting only names with a non-ASCII character', () => {
    expect(siteKey('räksmörgås.se')).toBe(IDN);
    expect(siteKey(IDN)).toBe(IDN);
    // ASCII passes untouched, as the ingest hot path wants
    expect(siteKey('Example.com')).toBe('Example.com');
    expect(siteKey('bad name ä')).toBe('bad name ä');
  });

  it('shows a site in Unicode', () => {
    expect(displayDomain(IDN)).toBe('räksmörgås.se');
    expect(displayDomain('example.com')).toBe('example.com');
    expect(siteView({ domain: IDN, timezone: 'UTC', settings: '{}' })).toEqual({ domain: IDN, display_domain: 'räksmörgås.se', timezone: 'UTC' });
  });
});

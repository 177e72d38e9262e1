import { describe, expect, it } from 'vitest';
import { checkTimezone } from '../../../server/sites/registry.js';
import { TimeZones } from '../../../server/sites/timezones.js';

// A few names as the store's system.time_zones spells them: canonical zones, aliases, and one
// (Factory) that Intl refuses, so the server could not compute "today" in it.
const engine = new TimeZones(['UTC', 'Etc/UTC', 'Europe/Stockholm', 'Europe/Kyiv', 'America/New_York', 'US/Eastern', 'Asia/Calcutta', 'Etc/GMT+1', 'Factory']);
const intlOnly = new TimeZones();

describe('time zones', () => {
  it.each([
    ['Europe/Stockholm', 'Europe/Stockholm'],
    ['europe/stockholm', 'Europe/Stockholm'],
    ['EUROPE/STOCKHOLM', 'Europe/Stockholm'],
    [' Europe/Stockholm ', 'Europe/Stockholm'],
    ['america/new_york', 'America/New_York'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['etc/utc', 'Etc/UTC'],
    ['us/eastern', 'US/Eastern'],
    ['asia/calcutta', 'Asia/Calcutta'],
    ['europe/kyiv', 'Europe/Kyiv'],
    ['etc/gmt+1', 'Etc/GMT+1'],
  ])('%j is stored as %j', (given, stored) => {
    expect(checkTimezone(given, engine)).toBe(stored);
  });

  it.each([
    ['Mars/Olympus_Mons', /got "Mars\/Olympus_Mons"$/],
    ['', /IANA time zone name/],
    ['Europe/Stockholm/Extra', /got/],
    ['+01:00', /got "\+01:00"$/],
    // known to the engine but not to Intl
    ['Factory', /got "Factory"/],
    ['Stockholm', /did you mean Europe\/Stockholm\?/],
    ['Asia/Stockholm', /did you mean Europe\/Stockholm\?/],
    ['new york', /did you mean America\/New_York\?/],
    // Intl knows it, the store's time zone data does not
    ['Europe/Berlin', /time zone data does not have it/],
  ])('%j is refused: %s', (given, message) => {
    expect(() => checkTimezone(given, engine)).toThrow(message);
    try {
      checkTimezone(given, engine);
    } catch (err) {
      expect(err).toMatchObject({ status: 400, code: 'invalid_timezone' });
    }
  });

  it("without the store's list, takes Intl's zones plus UTC and Etc/UTC, in their own spelling", () => {
    expect(intlOnly.size).toBeGreaterThan(400);
    expect(intlOnly.canonical('utc')).toBe('UTC');
    expect(intlOnly.canonical('ETC/UTC')).toBe('Etc/UTC');
    expect(intlOnly.canonical('pacific/auckland')).toBe('Pacific/Auckland');
    expect(intlOnly.canonical('Nowhere/Special')).toBeUndefined();
  });
});

// Time zones as the store can use them. ClickHouse looks zones up by their exact IANA spelling
// ("Cannot load time zone europe/stockholm"), while Intl accepts any case, so a zone is matched
// case-insensitively and kept in its canonical spelling. A zone must be known to both: the
// server computes "today" with Intl (stats/params.ts) and the store groups days with ClickHouse.

const lastSegment = (zone: string) => zone.slice(zone.lastIndexOf('/') + 1).toLowerCase().replace(/ /g, '_');

function intlAccepts(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type TimeZoneAnswer = { zone: string } | { error: string };

export class TimeZones {
  private readonly byKey = new Map<string, string>();
  private readonly byCity = new Map<string, string>();

  /**
   * `engine`: the names in the store's system.time_zones. Without it, Intl's own list plus UTC
   * and Etc/UTC (which supportedValuesOf leaves out).
   */
  constructor(engine?: Iterable<string>) {
    // The engine's ~600 names are checked against Intl only when one is asked for (canonical):
    // building an Intl formatter for each at start-up took ~80 ms for nothing.
    const names = engine ?? ['UTC', 'Etc/UTC', ...Intl.supportedValuesOf('timeZone')];
    for (const name of names) {
      this.byKey.set(name.toLowerCase(), name);
      if (name.includes('/') && !this.byCity.has(lastSegment(name))) this.byCity.set(lastSegment(name), name);
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The canonical spelling of `value`, or undefined when the zone is unknown (to either side). */
  canonical(value: string): string | undefined {
    const zone = this.byKey.get(value.trim().toLowerCase());
    return zone !== undefined && intlAccepts(zone) ? zone : undefined;
  }

  /** The canonical zone, or a message that says why not and, when it can, what was meant. */
  check(value: string): TimeZoneAnswer {
    const zone = this.canonical(value);
    if (zone) return { zone };
    const expected = `"timezone" must be an IANA time zone name like Europe/Stockholm or UTC, got "${value}"`;
    if (intlAccepts(value.trim())) return { error: `${expected}: this database's time zone data does not have it` };
    const guess = this.byCity.get(lastSegment(value.trim()));
    return { error: guess && intlAccepts(guess) ? `${expected}; did you mean ${guess}?` : expected };
  }
}

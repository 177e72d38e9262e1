import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unmapped } from '../core/client-ip.js';
import maxmind, { type Reader, type Response } from 'maxmind';
import type { Step } from './types.js';

/** The shapes of the two kinds of database we read: ip-location-db's and MaxMind's City/Country. */
interface GeoRecord {
  country_code?: string;
  country?: { iso_code?: string };
  subdivisions?: Array<{ iso_code?: string }>;
  city?: { names?: Record<string, string> };
}

export interface GeoLocation {
  country: string;
  region: string;
  city: string;
}

export interface Geo {
  lookup(ip: string): GeoLocation;
}

const EMPTY: GeoLocation = { country: '', region: '', city: '' };

/** The CC0 country database shipped as an npm package (IPv4 and IPv6 in one file). */
export function bundledCountryDb(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json');
  return join(dirname(pkg), 'geo-whois-asn-country.mmdb');
}

/**
 * Opens the country database, or the owner's MaxMind City database (LAGOM_GEOIP_DB) when given,
 * which adds region and city. The IP is looked up in memory and never kept.
 */
export async function openGeo(options: { cityDb?: string } = {}): Promise<Geo> {
  const reader: Reader<Response> = await maxmind.open<Response>(options.cityDb ?? bundledCountryDb(), { cache: { max: 10_000 } });
  return {
    lookup(ip) {
      const address = unmapped(ip);
      if (!maxmind.validate(address)) return EMPTY;
      const r = reader.get(address) as GeoRecord | null;
      if (!r) return EMPTY;
      const country = (r.country_code ?? r.country?.iso_code ?? '').toUpperCase();
      const sub = r.subdivisions?.[0]?.iso_code;
      return {
        country,
        region: sub && country ? `${country}-${sub}` : '',
        city: r.city?.names?.en ?? '',
      };
    },
  };
}

export function geolocate(geo: Geo): Step {
  return {
    name: 'geolocate',
    run: (e) => {
      const loc = geo.lookup(e.request.ip);
      e.country = loc.country;
      e.region = loc.region;
      e.city = loc.city;
      return undefined;
    },
  };
}

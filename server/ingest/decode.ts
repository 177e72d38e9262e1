import { badRequest } from '../core/errors.js';
import { MAX_VISIT_KEYS, WIRE_VERSION, type WireEvent } from '../../protocol/wire.js';

export const MAX_BODY_BYTES = 8 * 1024;
export const MAX_URL_LENGTH = 2000;
export const MAX_PROPS = 30;
export const MAX_PROP_KEY = 300;
export const MAX_PROP_VALUE = 2000;
const MAX_NAME = 120;

const invalid = (field: string, why: string) => badRequest('invalid_event', `Invalid event: "${field}" ${why}`);

/** Reads one field of the parsed body: its value, undefined to leave it out, or a 400 naming it. */
type FieldDecoder<T> = (value: unknown, field: string) => T;

/**
 * A decoder for every field of WireEvent: a field added to the wire format but not decoded, or
 * decoded but not in the wire format, does not compile; a required field's decoder must return
 * a value.
 */
type FieldTable = {
  [K in keyof WireEvent]-?: {} extends Pick<WireEvent, K> ? FieldDecoder<WireEvent[K] | undefined> : FieldDecoder<WireEvent[K]>;
};

const absent = (v: unknown) => v === undefined || v === null;

function optionalString(max: number): FieldDecoder<string | undefined> {
  return (v, field) => {
    if (absent(v)) return undefined;
    if (typeof v !== 'string') throw invalid(field, 'must be a string');
    if (v.length > max) throw invalid(field, `is longer than ${max} characters`);
    return v;
  };
}

/** A string that is left out when empty. */
const nonEmptyString = (max: number): FieldDecoder<string | undefined> => {
  const read = optionalString(max);
  return (v, field) => read(v, field) || undefined;
};

/** A string that must be there and not empty; `what` says what it is in the message. */
function requiredString(max: number, what: string): FieldDecoder<string> {
  const read = optionalString(max);
  return (v, field) => {
    const s = read(v, field);
    if (!s) throw invalid(field, `(${what}) is required`);
    return s;
  };
}

function optionalNumber(min: number, max: number, whole: (n: number) => number): FieldDecoder<number | undefined> {
  return (v, field) => {
    if (absent(v)) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw invalid(field, `must be a number from ${min} to ${max}`);
    }
    return whole(v);
  };
}

const optionalFlag: FieldDecoder<1 | undefined> = (v, field) => {
  if (absent(v) || v === 0 || v === false) return undefined;
  if (v === 1 || v === true) return 1;
  throw invalid(field, 'must be 1 or absent');
};

const requiredUrl = requiredString(MAX_URL_LENGTH, 'URL');

// In the order the fields are checked: the first bad field is the one a 400 names.
const FIELDS: FieldTable = {
  v: (v, field) => {
    if (v !== WIRE_VERSION) throw invalid(field, `must be ${WIRE_VERSION} (the wire format version)`);
    return WIRE_VERSION;
  },
  n: requiredString(MAX_NAME, 'event name'),
  u: (v, field) => {
    const u = requiredUrl(v, field);
    if (!/^https?:\/\//i.test(u) || !URL.canParse(u)) throw invalid(field, 'must be an absolute http(s) URL');
    return u;
  },
  d: requiredString(253, 'site domain'),
  w: optionalNumber(0, 100_000, Math.round),
  p: (v) => (absent(v) ? undefined : decodeProps(v)),
  fv: optionalFlag,
  fp: optionalFlag,
  fg: optionalFlag,
  fs: optionalFlag,
  fm: optionalFlag,
  b: optionalNumber(-1, 1, Math.trunc),
  xp: nonEmptyString(MAX_URL_LENGTH),
  dd: optionalNumber(0, 86_400_000, Math.round),
  r: nonEmptyString(MAX_URL_LENGTH),
  e: nonEmptyString(MAX_URL_LENGTH),
  q: nonEmptyString(MAX_URL_LENGTH),
  t: optionalNumber(0, 86_400_000, Math.round),
  // The tracker does not cap the depth (bytes on every page): a page that bounces past its end
  // measures a little over 100, which is 100; -1 is "sent already", no depth. Far above is a bad
  // event.
  s: (v, field) => {
    const depth = optionalNumber(-1, 1000, (n) => Math.min(100, Math.round(n)))(v, field);
    return depth === undefined || depth < 0 ? undefined : depth;
  },
  ra: optionalNumber(0, 1e12, (n) => n),
  rc: (v, field) => {
    if (absent(v)) return undefined;
    if (typeof v !== 'string' || !/^[A-Za-z]{3}$/.test(v)) throw invalid(field, 'must be an ISO 4217 currency code such as SEK or EUR');
    return v.toUpperCase();
  },
  fi: optionalFlag,
  ds: optionalNumber(0, 86_400_000, Math.round),
  kb: optionalFlag,
  ks: (v, field) => {
    if (absent(v)) return undefined;
    if (!Array.isArray(v) || v.length > MAX_VISIT_KEYS) throw invalid(field, `must be a list of at most ${MAX_VISIT_KEYS} keys`);
    for (const k of v) {
      if (typeof k !== 'string' || !/^[/!]/.test(k) || k.length > MAX_URL_LENGTH) throw invalid(field, 'must hold page paths ("/…") and "!" + event names');
    }
    return v.length ? (v as string[]) : undefined;
  },
  gv: (v, field) => {
    if (absent(v)) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw invalid(field, 'must be an object of goal ids and -1 or 1');
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > MAX_VISIT_KEYS) throw invalid(field, `must name at most ${MAX_VISIT_KEYS} goals`);
    for (const [id, delta] of entries) {
      if (!/^[1-9][0-9]{0,18}$/.test(id) || (delta !== 1 && delta !== -1)) throw invalid(field, 'must map goal ids (positive integers) to -1 or 1');
    }
    return entries.length ? (v as Record<string, number>) : undefined;
  },
};
const FIELD_LIST = Object.entries(FIELDS) as Array<[keyof WireEvent, FieldDecoder<unknown>]>;

/** Text of a request body → a checked WireEvent, or a 400 that names the offending field. */
export function decodeEvent(body: string): WireEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badRequest('invalid_json', 'Invalid event: the body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('invalid_event', 'Invalid event: the body must be a JSON object');
  }
  const o = parsed as Record<string, unknown>;
  const event: Record<string, unknown> = {};
  for (const [field, decode] of FIELD_LIST) {
    const value = decode(o[field], field);
    if (value !== undefined) event[field] = value;
  }
  // An amount means nothing without its currency, and the other way round.
  if ((event.ra === undefined) !== (event.rc === undefined)) throw invalid(event.ra === undefined ? 'ra' : 'rc', 'comes only with "ra" and "rc" together (revenue: amount and currency)');
  // Every required field's decoder returned a value or threw (FieldTable).
  return event as unknown as WireEvent;
}

function decodeProps(p: unknown): Record<string, string> {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw invalid('p', '(props) must be an object');
  const entries = Object.entries(p as Record<string, unknown>);
  if (entries.length > MAX_PROPS) throw invalid('p', `has more than ${MAX_PROPS} props`);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (k.length === 0 || k.length > MAX_PROP_KEY) throw invalid('p', `key must be 1 to ${MAX_PROP_KEY} characters`);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw invalid(`p.${k}`, 'must be a string, number or boolean');
    }
    const s = String(v);
    if (s.length > MAX_PROP_VALUE) throw invalid(`p.${k}`, `is longer than ${MAX_PROP_VALUE} characters`);
    out[k] = s;
  }
  return out;
}

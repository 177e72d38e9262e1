import { LagomError, badRequest } from '../errors.js';
import { WIRE_VERSION, type WireEvent } from '../../protocol/wire.js';

export const MAX_BODY_BYTES = 8 * 1024;
export const MAX_URL_LENGTH = 2000;
export const MAX_PROPS = 30;
export const MAX_PROP_KEY = 300;
export const MAX_PROP_VALUE = 2000;
const MAX_NAME = 120;

const invalid = (field: string, why: string) => badRequest('invalid_event', `Invalid event: "${field}" ${why}`);

function optionalString(o: Record<string, unknown>, field: string, max: number): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(field, 'must be a string');
  if (v.length > max) throw invalid(field, `is longer than ${max} characters`);
  return v;
}

function optionalNumber(o: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw invalid(field, `must be a number from ${min} to ${max}`);
  }
  return v;
}

function optionalFlag(o: Record<string, unknown>, field: string): 1 | undefined {
  const v = o[field];
  if (v === undefined || v === null || v === 0 || v === false) return undefined;
  if (v === 1 || v === true) return 1;
  throw invalid(field, 'must be 1 or absent');
}

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
  if (o.v !== WIRE_VERSION) throw invalid('v', `must be ${WIRE_VERSION} (the wire format version)`);
  const n = optionalString(o, 'n', MAX_NAME);
  if (!n) throw invalid('n', '(event name) is required');
  const u = optionalString(o, 'u', MAX_URL_LENGTH);
  if (!u) throw invalid('u', '(URL) is required');
  if (!/^https?:\/\//i.test(u) || !URL.canParse(u)) throw invalid('u', 'must be an absolute http(s) URL');
  const d = optionalString(o, 'd', 253);
  if (!d) throw invalid('d', '(site domain) is required');

  const event: WireEvent = { v: WIRE_VERSION, n, u, d };
  const w = optionalNumber(o, 'w', 0, 100_000);
  if (w !== undefined) event.w = Math.round(w);
  if (o.p !== undefined && o.p !== null) event.p = decodeProps(o.p);
  for (const flag of ['fv', 'fp', 'fg', 'fs', 'fm'] as const) {
    if (optionalFlag(o, flag)) event[flag] = 1;
  }
  const b = optionalNumber(o, 'b', -1, 1);
  if (b !== undefined) event.b = Math.trunc(b);
  const xp = optionalString(o, 'xp', MAX_URL_LENGTH);
  if (xp) event.xp = xp;
  const dd = optionalNumber(o, 'dd', 0, 86_400_000);
  if (dd !== undefined) event.dd = Math.round(dd);
  const r = optionalString(o, 'r', MAX_URL_LENGTH);
  if (r) event.r = r;
  const e = optionalString(o, 'e', MAX_URL_LENGTH);
  if (e) event.e = e;
  const q = optionalString(o, 'q', MAX_URL_LENGTH);
  if (q) event.q = q;
  const t = optionalNumber(o, 't', 0, 86_400_000);
  if (t !== undefined) event.t = Math.round(t);
  const s = optionalNumber(o, 's', 0, 100);
  if (s !== undefined) event.s = Math.round(s);
  return event;
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

export function assertBodySize(bytes: number): void {
  if (bytes > MAX_BODY_BYTES) {
    throw new LagomError(400, 'body_too_large', `Invalid event: the body is larger than ${MAX_BODY_BYTES} bytes`);
  }
}

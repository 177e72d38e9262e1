// Filters: what a click on a breakdown row adds. They combine with AND, one per property (a new
// value for a property replaces the old one, as in Plausible), and travel in the address bar.
// The Stats API's form of them (syntax, escaping) is the protocol's: protocol/filters.ts.
import { encodeFilters, literalPattern } from '../../protocol/filters.js';
import { propKey } from '../../protocol/stats.js';

/** One value, taken literally: a clicked row filters on exactly its own value. */
export interface Filter {
  property: string;
  negate: boolean;
  value: string;
}

const PART = /^([a-z_]+:[^=!]+?)(==|!=)(.+)$/s;

/** `event:page==/blog` — the URL form, one `f` parameter per filter. */
export const encodeFilter = (f: Filter): string => `${f.property}${f.negate ? '!=' : '=='}${f.value}`;

export function decodeFilter(raw: string): Filter | null {
  const m = PART.exec(raw);
  if (!m) return null;
  const property = m[1]!;
  if (!/^(event|visit):/.test(property)) return null;
  return { property, negate: m[2] === '!=', value: m[3]! };
}

/** The Stats API `filters` parameter, or undefined for none. */
export function toApiFilters(filters: readonly Filter[]): string | undefined {
  if (filters.length === 0) return undefined;
  return encodeFilters(filters.map((f) => ({ property: f.property, negate: f.negate, values: [literalPattern(f.value)] })));
}

// A browser version means nothing without its browser, nor an OS version without its OS.
const DEPENDENTS: Record<string, string> = { 'visit:browser': 'visit:browser_version', 'visit:os': 'visit:os_version' };

export function addFilter(filters: readonly Filter[], next: Filter): Filter[] {
  const dependent = DEPENDENTS[next.property];
  return [...filters.filter((f) => f.property !== next.property && f.property !== dependent), next];
}

export function removeFilter(filters: readonly Filter[], property: string): Filter[] {
  const dependent = DEPENDENTS[property];
  return filters.filter((f) => f.property !== property && f.property !== dependent);
}

export const filterValue = (filters: readonly Filter[], property: string): string | undefined =>
  filters.find((f) => f.property === property && !f.negate)?.value;

/** The custom property key a filter list already uses, if any: a query may hold only one. */
export const customKeyIn = (filters: readonly Filter[]): string | undefined =>
  filters.map((f) => propKey(f.property)).find((k) => k !== undefined && k !== '');

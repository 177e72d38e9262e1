// Filters: what a click on a breakdown row or the filter menu adds. They combine with AND, one
// per property (a new filter on a property replaces the old one, as in Plausible), and travel in
// the address bar. The Stats API's form of them (syntax, escaping) is the protocol's:
// protocol/filters.ts.
import { containsPattern, encodeFilters, literalPattern } from '../../protocol/filters.js';
import { isProperty, propKey } from '../../protocol/stats.js';

export const OPERATORS = ['is', 'is_not', 'contains', 'contains_not'] as const;
export type Operator = (typeof OPERATORS)[number];

/** Values are taken literally; several are alternatives (OR). Contains ignores case. */
export interface Filter {
  property: string;
  op: Operator;
  values: string[];
}

/** A clicked row's filter: exactly its own value. */
export const isFilter = (property: string, value: string): Filter => ({ property, op: 'is', values: [value] });

const NEGATED: ReadonlySet<Operator> = new Set(['is_not', 'contains_not']);
export const isNegated = (f: Filter): boolean => NEGATED.has(f.op);

// The URL form, one `f` parameter per value: `f=event:page==/blog`. Links from before the menu
// (only `==` and `!=`, one value each) read as they did, a `|` in a value included.
const URL_OPS: Readonly<Record<Operator, string>> = { is: '==', is_not: '!=', contains: '~', contains_not: '!~' };
const OLD_PART = /^([a-z_]+:[^=!~]+?)(==|!=)(.+)$/s;
const PART = /^([a-z_]+:[^=!~]+?)(==|!=|!~|~)(.+)$/s;

/** The `f` parameters of one filter. */
export const encodeFilter = (f: Filter): string[] => f.values.map((v) => `${f.property}${URL_OPS[f.op]}${v}`);

/** One `f` parameter as a filter of one value, or null for one that is not a filter. */
export function decodeFilter(raw: string): Filter | null {
  // `==` and `!=` first: a property never holds `~`, but an old link's value may.
  const m = [OLD_PART, PART].map((re) => re.exec(raw)).find((r) => r !== null && isProperty(r[1]!));
  if (!m) return null;
  const op = OPERATORS.find((o) => URL_OPS[o] === m[2])!;
  return { property: m[1]!, op, values: [m[3]!] };
}

/** The `f` parameters → filters; the values of one property and operator join as alternatives. */
export function decodeFilters(raws: readonly string[]): Filter[] {
  const out: Filter[] = [];
  for (const f of raws.map(decodeFilter)) {
    if (!f) continue;
    const same = out.find((o) => o.property === f.property && o.op === f.op);
    if (!same) out.push(f);
    else if (!same.values.includes(f.values[0]!)) same.values.push(f.values[0]!);
  }
  return out;
}

/** The Stats API `filters` parameter, or undefined for none. */
export function toApiFilters(filters: readonly Filter[]): string | undefined {
  if (filters.length === 0) return undefined;
  return encodeFilters(
    filters.map((f) => {
      const contains = f.op === 'contains' || f.op === 'contains_not';
      return { property: f.property, negate: isNegated(f), values: f.values.map(contains ? containsPattern : literalPattern), ignoreCase: contains };
    }),
  );
}

// A browser version means nothing without its browser, nor an OS version without its OS.
const DEPENDENTS: Record<string, string> = { 'visit:browser': 'visit:browser_version', 'visit:os': 'visit:os_version' };

export function addFilter(filters: readonly Filter[], next: Filter): Filter[] {
  const dependent = DEPENDENTS[next.property];
  // A query names one custom property at most: a filter on another key takes its place.
  const custom = propKey(next.property) !== undefined;
  return [...filters.filter((f) => f.property !== next.property && f.property !== dependent && !(custom && propKey(f.property) !== undefined)), next];
}

/** `next` in the place of the filter on `property` (an edit keeps its chip where it was). */
export function replaceFilter(filters: readonly Filter[], property: string, next: Filter): Filter[] {
  const rest = addFilter(removeFilter(filters, property), next).slice(0, -1);
  const at = filters.findIndex((f) => f.property === property);
  const i = at < 0 ? rest.length : Math.min(at, rest.length);
  return [...rest.slice(0, i), next, ...rest.slice(i)];
}

export function removeFilter(filters: readonly Filter[], property: string): Filter[] {
  const dependent = DEPENDENTS[property];
  return filters.filter((f) => f.property !== property && f.property !== dependent);
}

/** The one value a property is filtered on exactly (for drill-downs: "Chrome versions"). */
export const filterValue = (filters: readonly Filter[], property: string): string | undefined => {
  const f = filters.find((x) => x.property === property && x.op === 'is' && x.values.length === 1);
  return f?.values[0];
};

/** The custom property key a filter list already uses, if any: a query may hold only one. */
export const customKeyIn = (filters: readonly Filter[]): string | undefined =>
  filters.map((f) => propKey(f.property)).find((k) => k !== undefined && k !== '');

// The Stats API's `filters` parameter (Plausible v1), defined once: the dashboard writes it with
// encodeFilters, the server reads it with parseFilters, and test/protocol/ holds them to each
// other. The syntax: `a==x|y;b!=z`. `;` separates filters, `|` alternatives, and in a value `*`
// matches within one path segment and `**` across segments. A value holding `;`, `|`, `*` or a
// backslash escapes it with a backslash (`\;`, `\|`, `\*`, `\\`). Spaces around a property,
// an operator or a value are not part of it. `a~x` and `a!~x` are contains and does not contain,
// ignoring case (the dashboard's filter menu writes them): there a star is only a star.
// The same parameter also takes Plausible's JSON form, a list of [operator, property, values]
// (parseJsonFilters below), read into the same Filter shape: the store knows one kind of filter.
// A leaf of protocol/: no imports from server/, dashboard/ or tracker/, and it runs in the browser.
import type { Checked } from './errors.js';
import { isProperty, type Property } from './stats.js';

export interface Filter {
  property: Property;
  negate: boolean;
  /**
   * Alternatives, each a pattern: `*` and `**` are wildcards, `\*` a literal star and `\\` a
   * literal backslash (the two escapes left in: server/store/stats.ts reads them when it
   * matches). `;` and `|` need no escape here; they are escaped only in the parameter's text.
   */
  values: string[];
  /** letters match in either case (`~`, `!~`, or JSON's `{"case_sensitive": false}`) */
  ignoreCase?: boolean;
}

/** Alternatives a filter may list. */
const MAX_FILTER_VALUES = 100;

/** The pattern that matches exactly `value`, wildcards and backslashes taken literally. */
export const literalPattern = (value: string): string => value.replace(/[\\*]/g, '\\$&');

/** The pattern that matches any text holding `value`. */
export const containsPattern = (value: string): string => `**${literalPattern(value)}**`;

/** The text a containsPattern was made of, or undefined for another pattern. */
function containedText(pattern: string): string | undefined {
  const inner = /^\*\*((?:\\.|[^*\\])*)\*\*$/s.exec(pattern)?.[1];
  return inner?.replace(/\\(.)/gs, '$1');
}

type Encodable = Readonly<{ property: string; negate: boolean; values: readonly string[]; ignoreCase?: boolean }>;

/** One filter's operator and values as the text writes them. */
function encodeFilter(f: Encodable): string {
  if (!f.ignoreCase) {
    // A pattern's own escapes (\* and \\) are already in the text; the separators get theirs.
    return `${f.property}${f.negate ? '!=' : '=='}${f.values.map((p) => p.replace(/[;|]/g, '\\$&')).join('|')}`;
  }
  const texts = f.values.map(containedText);
  // Only containment has a text form when case is ignored; the JSON form holds the rest.
  if (texts.some((t) => t === undefined)) throw new Error(`filters: no text form for a case-insensitive filter on ${f.property} that is not "contains"`);
  return `${f.property}${f.negate ? '!~' : '~'}${texts.map((t) => t!.replace(/[\\;|*]/g, '\\$&')).join('|')}`;
}

/** The `filters` parameter for `filters`, whose values are patterns (see Filter.values). */
export const encodeFilters = (filters: readonly Encodable[]): string => filters.map(encodeFilter).join(';');

/** Splits on `sep` where it is not escaped with a backslash; the escapes stay in. */
function splitUnescaped(value: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      current += c + value[++i];
      continue;
    }
    if (c === sep) {
      out.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  out.push(current);
  return out;
}

/** Resolves the escapes of the separators, and keeps the two a pattern reads: `\*` and `\\`. */
const unescape = (value: string) => value.replace(/\\(.)/g, (_, c: string) => (c === '*' || c === '\\' ? `\\${c}` : c));

type FilterResult = Checked<Filter[], 'invalid_filter'>;
const refuse = (message: string): FilterResult => ({ ok: false, code: 'invalid_filter', message });

/**
 * Plausible's JSON operators, each as a pattern of its value and whether it negates. With `is`
 * a value is exact (a star is a star); `contains` finds it anywhere; `matches_wildcard` reads it
 * as a pattern, where only a backslash needs escaping (Plausible has no escapes there).
 */
const JSON_OPERATORS: Readonly<Record<string, { pattern: (value: string) => string; negate: boolean }>> = {
  is: { pattern: literalPattern, negate: false },
  is_not: { pattern: literalPattern, negate: true },
  contains: { pattern: containsPattern, negate: false },
  contains_not: { pattern: containsPattern, negate: true },
  matches_wildcard: { pattern: (v) => v.replace(/\\/g, '\\\\'), negate: false },
  matches_wildcard_not: { pattern: (v) => v.replace(/\\/g, '\\\\'), negate: true },
};

/** Plausible's operators that Lagom does not take, and why. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  matches: 'regular expressions are not supported; use matches_wildcard',
  matches_not: 'regular expressions are not supported; use matches_wildcard_not',
  and: 'filters are always combined with AND: list them side by side',
  or: 'use one filter with several values for OR',
  not: 'use is_not, contains_not or matches_wildcard_not',
};

/** Plausible's one modifier, `{"case_sensitive": false}`: whether case is ignored, or undefined for a modifier Lagom does not read. */
function ignoresCase(m: unknown): boolean | undefined {
  if (m === undefined) return false;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  const entries = Object.entries(m);
  if (!entries.every(([k, v]) => k === 'case_sensitive' && typeof v === 'boolean')) return undefined;
  return entries.some(([, v]) => v === false);
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** One [operator, property, values] of the JSON form → a filter, or why it is refused. */
function parseJsonFilter(item: unknown): Filter | string {
  const shown = JSON.stringify(item)?.slice(0, 200);
  if (!Array.isArray(item) || typeof item[0] !== 'string') return `"filters" has an invalid filter ${shown}; use ["is", "event:page", ["/blog"]]`;
  const [operator, property, values, modifiers] = item as [string, unknown, unknown, unknown];
  const unsupported = UNSUPPORTED[operator];
  if (unsupported) return `The filter operator "${operator}" is not supported: ${unsupported}`;
  const op = JSON_OPERATORS[operator];
  if (!op) return `Unknown filter operator "${operator}" in "filters"; use ${Object.keys(JSON_OPERATORS).join(', ')}`;
  if (typeof property !== 'string' || !isProperty(property)) return `Unknown property ${JSON.stringify(property)} in "filters"`;
  if (!isStringList(values) || values.length === 0 || values.length > MAX_FILTER_VALUES || values.some((v) => v === '')) {
    return `"filters" needs a list of 1 to ${MAX_FILTER_VALUES} non-empty strings after "${operator}", "${property}"`;
  }
  const ignoreCase = item.length > 4 ? undefined : ignoresCase(modifiers);
  if (ignoreCase === undefined || (ignoreCase && operator.startsWith('matches'))) {
    return `"filters" has an unsupported modifier ${JSON.stringify(item.slice(3)).slice(0, 100)}: only {"case_sensitive": false}, and not with ${operator}`;
  }
  return { property, negate: op.negate, values: values.map(op.pattern), ...(ignoreCase ? { ignoreCase } : {}) };
}

/** Plausible's JSON form: `[["is", "visit:browser", ["Chrome"]], ["contains", "event:page", ["blog"]]]`. */
export function parseJsonFilters(value: string): FilterResult {
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch (err) {
    return refuse(`"filters" is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(list)) return refuse('"filters" in JSON must be a list of filters, each ["operator", "property", ["value", …]]');
  const filters: Filter[] = [];
  for (const item of list) {
    const filter = parseJsonFilter(item);
    if (typeof filter === 'string') return refuse(filter);
    filters.push(filter);
  }
  return { ok: true, value: filters };
}

/** The `filters` parameter's text (either form) → filters, or why it is refused. */
export function parseFilters(value: string): FilterResult {
  // A property never starts with "[": the text is the JSON form.
  if (value.trimStart().startsWith('[')) return parseJsonFilters(value);
  const filters: Filter[] = [];
  for (const part of splitUnescaped(value, ';')) {
    const m = /^\s*([^=!~]+?)\s*(==|!=|~|!~)\s*(.*)$/.exec(part);
    if (!m) return refuse(`"filters" has an invalid part "${part}"; use property==value, property!=value, property~value or property!~value`);
    const property = m[1]!;
    const operator = m[2]!;
    if (!isProperty(property)) return refuse(`Unknown property "${property}" in "filters"`);
    const contains = operator.endsWith('~');
    // Contained text is literal: every escape resolves to its character.
    const values = splitUnescaped(m[3]!, '|').map((v) => (contains ? v.trim().replace(/\\(.)/g, '$1') : unescape(v.trim())));
    if (values.some((v) => v === '') || values.length > MAX_FILTER_VALUES) return refuse(`"filters" needs a value after ${operator} for "${property}"`);
    filters.push({ property, negate: operator.startsWith('!'), values: contains ? values.map(containsPattern) : values, ...(contains ? { ignoreCase: true } : {}) });
  }
  return { ok: true, value: filters };
}

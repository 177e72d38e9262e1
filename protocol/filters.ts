// The Stats API's `filters` parameter (Plausible v1), defined once: the dashboard writes it with
// encodeFilters, the server reads it with parseFilters, and test/protocol/ holds them to each
// other. The syntax: `a==x|y;b!=z`. `;` separates filters, `|` alternatives, and in a value `*`
// matches within one path segment and `**` across segments. A value holding `;`, `|`, `*` or a
// backslash escapes it with a backslash (`\;`, `\|`, `\*`, `\\`). Spaces around a property,
// an operator or a value are not part of it.
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
}

/** Alternatives a filter may list. */
const MAX_FILTER_VALUES = 100;

/** The pattern that matches exactly `value`, wildcards and backslashes taken literally. */
export const literalPattern = (value: string): string => value.replace(/[\\*]/g, '\\$&');

/** The `filters` parameter for `filters`, whose values are patterns (see Filter.values). */
export function encodeFilters(filters: readonly { property: string; negate: boolean; values: readonly string[] }[]): string {
  // A pattern's own escapes (\* and \\) are already in the text; the separators get theirs.
  const text = (pattern: string) => pattern.replace(/[;|]/g, '\\$&');
  return filters.map((f) => `${f.property}${f.negate ? '!=' : '=='}${f.values.map(text).join('|')}`).join(';');
}

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

/** The `filters` parameter's text → filters, or why it is refused. */
export function parseFilters(value: string): Checked<Filter[], 'invalid_filter'> {
  const filters: Filter[] = [];
  const refuse = (message: string) => ({ ok: false, code: 'invalid_filter', message }) as const;
  for (const part of splitUnescaped(value, ';')) {
    const m = /^\s*([^=!]+?)\s*(==|!=)\s*(.*)$/.exec(part);
    if (!m) return refuse(`"filters" has an invalid part "${part}"; use property==value or property!=value`);
    const property = m[1]!;
    if (!isProperty(property)) return refuse(`Unknown property "${property}" in "filters"`);
    const values = splitUnescaped(m[3]!, '|').map((v) => unescape(v.trim()));
    if (values.some((v) => v === '') || values.length > MAX_FILTER_VALUES) return refuse(`"filters" needs a value after ${m[2]} for "${property}"`);
    filters.push({ property, negate: m[2] === '!=', values });
  }
  return { ok: true, value: filters };
}

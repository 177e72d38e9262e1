// The Stats API's `filters` parameter (protocol/filters.ts): what the server reads, what it
// refuses, and that what the dashboard writes reads back as exactly the values it meant,
// whatever separator, wildcard or backslash they hold.
import { describe, expect, it } from 'vitest';
import { toApiFilters } from '../../dashboard/lib/filters.js';
import { containsPattern, encodeFilters, literalPattern, parseFilters, type Filter } from '../../protocol/filters.js';

const parsed = (text: string) => {
  const r = parseFilters(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('parseFilters', () => {
  it('reads Plausible v1 filters', () => {
    expect(parsed('event:page==/a|/b/**;visit:source!=Google')).toEqual([
      { property: 'event:page', negate: false, values: ['/a', '/b/**'] },
      { property: 'visit:source', negate: true, values: ['Google'] },
    ]);
    expect(parsed('event:props:plan==pro')).toEqual([{ property: 'event:props:plan', negate: false, values: ['pro'] }]);
    expect(parsed(' event:page == /a | /b ')).toEqual([{ property: 'event:page', negate: false, values: ['/a', '/b'] }]);
    expect(parsed('visit:source==Direct / None')).toEqual([{ property: 'visit:source', negate: false, values: ['Direct / None'] }]);
    // only the first operator splits: the rest belongs to the value
    expect(parsed('event:page==/a==b!=c')).toEqual([{ property: 'event:page', negate: false, values: ['/a==b!=c'] }]);
  });

  it('lets a value hold ; | and \\ when escaped', () => {
    expect(parsed('event:props:q==a\\;b|c\\|d|e\\\\f;event:page==/x')).toEqual([
      { property: 'event:props:q', negate: false, values: ['a;b', 'c|d', 'e\\\\f'] },
      { property: 'event:page', negate: false, values: ['/x'] },
    ]);
    // escapes of other characters resolve to the character
    expect(parsed('event:page==\\/a\\b')[0]!.values).toEqual(['/ab']);
    // a backslash at the very end has nothing to escape and stays
    expect(parsed('event:page==/a\\')[0]!.values).toEqual(['/a\\']);
  });

  it('keeps * and ** as wildcards and \\* and \\\\ for the pattern reader', () => {
    const [page] = parsed('event:page==/a\\*b|/c/*|/d/**|/e\\\\*');
    expect(page!.values).toEqual(['/a\\*b', '/c/*', '/d/**', '/e\\\\*']);
  });

  it.each([
    ['visit:shoe_size==42', 'Unknown property "visit:shoe_size" in "filters"'],
    ['event:props==plan', 'Unknown property "event:props" in "filters"'],
    ['event:props:==x', 'Unknown property "event:props:" in "filters"'],
    ['event:page', '"filters" has an invalid part "event:page"; use property==value, property!=value, property~value or property!~value'],
    ['event:page==/a;;visit:os==Mac', '"filters" has an invalid part ""; use property==value, property!=value, property~value or property!~value'],
    ['event:page=/a', '"filters" has an invalid part "event:page=/a"; use property==value, property!=value, property~value or property!~value'],
    ['event:page~', '"filters" needs a value after ~ for "event:page"'],
    ['visit:source!~a|', '"filters" needs a value after !~ for "visit:source"'],
    ['event:page==', '"filters" needs a value after == for "event:page"'],
    ['event:page!=/a|', '"filters" needs a value after != for "event:page"'],
    ['event:page==/a| |/b', '"filters" needs a value after == for "event:page"'],
    [`event:page==${Array.from({ length: 101 }, (_, i) => `/${i}`).join('|')}`, '"filters" needs a value after == for "event:page"'],
  ])('refuses %s', (text, message) => {
    expect(parseFilters(text)).toEqual({ ok: false, code: 'invalid_filter', message });
  });

  it('reads ~ and !~ as contains and does not contain, ignoring case, with literal text', () => {
    expect(parsed('visit:source~goo|Bing;event:page!~/a*b\\|c\\;d\\\\')).toEqual([
      { property: 'visit:source', negate: false, values: ['**goo**', '**Bing**'], ignoreCase: true },
      { property: 'event:page', negate: true, values: [`**/a\\*b|c;d\\\\**`], ignoreCase: true },
    ]);
    // the first operator splits; == before ~ keeps the old reading of a value holding ~
    expect(parsed('event:page==/a~b')).toEqual([{ property: 'event:page', negate: false, values: ['/a~b'] }]);
    expect(parsed('event:page~a==b')).toEqual([{ property: 'event:page', negate: false, values: ['**a==b**'], ignoreCase: true }]);
  });

  it('takes up to 100 alternatives', () => {
    const values = Array.from({ length: 100 }, (_, i) => `/${i}`);
    expect(parsed(`event:page==${values.join('|')}`)[0]!.values).toEqual(values);
  });
});

// Values that need every escape, alone and together.
const TRICKY = [
  'plain',
  'a;b',
  'a|b',
  'a*b',
  '/docs/**',
  'back\\slash',
  'trailing\\',
  '\\',
  '\\\\',
  '\\;',
  '\\|',
  '\\*',
  ';|*\\',
  'a\\;b|c\\*d**e\\\\f',
  'x==y!=z',
  'Direct / None',
  'räksmörgås ✓',
];

describe("parseFilters: Plausible's JSON form", () => {
  const json = (...filters: unknown[]) => parsed(JSON.stringify(filters));

  it('reads each operator into a pattern: is exact, contains anywhere, matches_wildcard as written', () => {
    expect(json(['is', 'visit:browser', ['Chrome', 'Firefox']], ['contains', 'event:page', ['blog']])).toEqual([
      { property: 'visit:browser', negate: false, values: ['Chrome', 'Firefox'] },
      { property: 'event:page', negate: false, values: ['**blog**'] },
    ]);
    // With is and contains a star and a backslash are themselves.
    expect(json(['is', 'event:page', ['/en*', 'a\\b']])).toEqual([{ property: 'event:page', negate: false, values: ['/en\\*', 'a\\\\b'] }]);
    expect(json(['contains_not', 'event:page', ['/en*']])).toEqual([{ property: 'event:page', negate: true, values: ['**/en\\***'] }]);
    expect(json(['is_not', 'visit:source', ['Direct / None']])).toEqual([{ property: 'visit:source', negate: true, values: ['Direct / None'] }]);
    // With matches_wildcard the stars are wildcards; a backslash is still just a backslash.
    expect(json(['matches_wildcard', 'event:props:tier', ['small*', 'a\\*']])).toEqual([
      { property: 'event:props:tier', negate: false, values: ['small*', 'a\\\\*'] },
    ]);
    expect(json(['matches_wildcard_not', 'event:page', ['/blog/**']])).toEqual([{ property: 'event:page', negate: true, values: ['/blog/**'] }]);
    // Separators are plain characters in JSON.
    expect(json(['is', 'event:props:q', ['a;b|c']])).toEqual([{ property: 'event:props:q', negate: false, values: ['a;b|c'] }]);
    expect(json(['is', 'visit:os', ['Mac']], ['is', 'visit:os', ['Mac'], { case_sensitive: true }])).toHaveLength(2);
    expect(parsed(' []')).toEqual([]);
  });

  it('reads {"case_sensitive": false} on is and contains as ignoring case', () => {
    expect(json(['contains', 'visit:source', ['GOO'], { case_sensitive: false }], ['is_not', 'visit:os', ['mac'], { case_sensitive: false }])).toEqual([
      { property: 'visit:source', negate: false, values: ['**GOO**'], ignoreCase: true },
      { property: 'visit:os', negate: true, values: ['mac'], ignoreCase: true },
    ]);
    expect(json(['contains', 'visit:source', ['GOO'], { case_sensitive: true }])).toEqual([{ property: 'visit:source', negate: false, values: ['**GOO**'] }]);
  });

  it('reads back as the same filters through the text form the dashboard writes', () => {
    const filters = json(['is', 'event:page', ['/a;b*']], ['contains_not', 'event:props:q', ['x|y\\']]);
    expect(parsed(encodeFilters(filters))).toEqual(filters);
  });

  it.each([
    ['[["is", "event:page", ["/a"]]', '"filters" is not valid JSON'],
    ['[{"page": "/a"}]', '"filters" has an invalid filter {"page":"/a"}; use ["is", "event:page", ["/blog"]]'],
    ['[["equals", "event:page", ["/a"]]]', 'Unknown filter operator "equals" in "filters"; use is, is_not, contains, contains_not, matches_wildcard, matches_wildcard_not'],
    ['[["matches", "event:page", ["^/a"]]]', 'The filter operator "matches" is not supported: regular expressions are not supported; use matches_wildcard'],
    ['[["or", [["is", "event:page", ["/a"]]]]]', 'The filter operator "or" is not supported: use one filter with several values for OR'],
    ['[["is", "visit:shoe_size", ["42"]]]', 'Unknown property "visit:shoe_size" in "filters"'],
    ['[["is", "event:page", "/a"]]', '"filters" needs a list of 1 to 100 non-empty strings after "is", "event:page"'],
    ['[["is", "event:page", []]]', '"filters" needs a list of 1 to 100 non-empty strings after "is", "event:page"'],
    ['[["is", "event:page", [""]]]', '"filters" needs a list of 1 to 100 non-empty strings after "is", "event:page"'],
    ['[["is", "visit:city", [2643743]]]', '"filters" needs a list of 1 to 100 non-empty strings after "is", "visit:city"'],
    ['[["matches_wildcard", "event:page", ["/A*"], {"case_sensitive": false}]]', '"filters" has an unsupported modifier [{"case_sensitive":false}]: only {"case_sensitive": false}, and not with matches_wildcard'],
    ['[["is", "event:page", ["/A"], {"case": false}]]', '"filters" has an unsupported modifier [{"case":false}]'],
    ['[["is", "event:page", ["/A"], {}, {}]]', '"filters" has an unsupported modifier [{},{}]'],
  ])('refuses %s', (text, message) => {
    const r = parseFilters(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('invalid_filter');
      expect(r.message.startsWith(message)).toBe(true);
    }
  });
});

describe('encodeFilters and parseFilters', () => {
  it.each(TRICKY)('a literal %s reads back as the pattern of exactly itself', (value) => {
    const filters: Filter[] = [{ property: 'event:props:q', negate: false, values: [literalPattern(value)] }];
    expect(parsed(encodeFilters(filters))).toEqual(filters);
  });

  it('reads back several filters, negations, wildcards and alternatives', () => {
    const filters: Filter[] = [
      { property: 'event:page', negate: false, values: ['/blog/**', '/a\\*b', '/c/*', literalPattern('/e\\'), literalPattern('/f;g|h')] },
      { property: 'visit:source', negate: true, values: ['Direct / None', literalPattern('x;y')] },
      { property: 'event:props:plan', negate: false, values: TRICKY.map(literalPattern) },
    ];
    expect(parsed(encodeFilters(filters))).toEqual(filters);
  });

  it('writes what it parses the same way again', () => {
    for (const text of ['event:page==/a|/b/**;visit:source!=Google', 'event:props:q==a\\;b|c\\|d|e\\\\f;event:page==/x', 'event:page==/a\\*b|/c/*|/d/**|/e\\\\*']) {
      expect(encodeFilters(parsed(text))).toBe(text);
    }
  });

  it.each(TRICKY)('contained text %s reads back as itself, case ignored', (value) => {
    const filters: Filter[] = [{ property: 'event:props:q', negate: true, values: [containsPattern(value), containsPattern('x')], ignoreCase: true }];
    expect(parsed(encodeFilters(filters))).toEqual(filters);
  });

  it('writes contains as ~ and refuses to write other case-insensitive filters, which have no text form', () => {
    expect(encodeFilters([{ property: 'visit:source', negate: false, values: [containsPattern('a;b*')], ignoreCase: true }])).toBe('visit:source~a\\;b\\*');
    expect(() => encodeFilters([{ property: 'visit:os', negate: false, values: ['mac'], ignoreCase: true }])).toThrow(/no text form/);
  });

  it('escapes each of ; | * and \\ in a literal value', () => {
    expect(encodeFilters([{ property: 'event:props:q', negate: true, values: [literalPattern('a;b|c*d\\e')] }])).toBe('event:props:q!=a\\;b\\|c\\*d\\\\e');
    expect(encodeFilters([])).toBe('');
  });

  it("is what the dashboard sends for a clicked row's value", () => {
    expect(toApiFilters([])).toBeUndefined();
    const clicked = [
      { property: 'visit:source', op: 'is', values: ['Direct / None'] },
      { property: 'event:page', op: 'is_not', values: ['/a;b|c*d\\e'] },
    ] as const;
    const text = toApiFilters(clicked.map((f) => ({ ...f, values: [...f.values] })))!;
    expect(text).toBe('visit:source==Direct / None;event:page!=/a\\;b\\|c\\*d\\\\e');
    expect(parsed(text)).toEqual(clicked.map((f) => ({ property: f.property, negate: f.op === 'is_not', values: f.values.map(literalPattern) })));
  });
});

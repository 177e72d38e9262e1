// The dashboard's filters (dashboard/lib/filters.ts): their address-bar form, old links read as
// they were, several values, and the Stats API text they become.
import { describe, expect, it } from 'vitest';
import { addFilter, decodeFilters, encodeFilter, replaceFilter, toApiFilters, type Filter } from '../../dashboard/lib/filters.js';
import { parseFilters } from '../../protocol/filters.js';

const f = (property: string, op: Filter['op'], ...values: string[]): Filter => ({ property, op, values });

describe('the address-bar form', () => {
  it('writes one f parameter per value, with == != ~ !~', () => {
    expect(encodeFilter(f('event:page', 'is', '/a', '/b'))).toEqual(['event:page==/a', 'event:page==/b']);
    expect(encodeFilter(f('event:page', 'is_not', '/a'))).toEqual(['event:page!=/a']);
    expect(encodeFilter(f('visit:source', 'contains', 'goo'))).toEqual(['visit:source~goo']);
    expect(encodeFilter(f('visit:source', 'contains_not', 'goo'))).toEqual(['visit:source!~goo']);
  });

  it('reads the values of one property and operator back as alternatives', () => {
    const filters = [f('event:page', 'is_not', '/a'), f('visit:country', 'is', 'SE', 'GB'), f('visit:source', 'contains', 'a|b~c'), f('event:props:plan', 'contains_not', 'x==y')];
    expect(decodeFilters(filters.flatMap(encodeFilter))).toEqual(filters);
    // A contains whose value holds == or != is not read as an old link's ==.
    for (const value of ['a==b', 'a!=b']) {
      const contains = f('event:props:plan', 'contains', value);
      expect(decodeFilters(encodeFilter(contains))).toEqual([contains]);
    }
  });

  it('reads old links as they were: == and != with any value, | and ~ included', () => {
    expect(decodeFilters(['event:page==/menu;v=1|2', 'visit:source!=Direct / None', 'event:page==/a~b'])).toEqual([
      f('event:page', 'is', '/menu;v=1|2', '/a~b'),
      f('visit:source', 'is_not', 'Direct / None'),
    ]);
    expect(decodeFilters(['event:props:plan==pro'])).toEqual([f('event:props:plan', 'is', 'pro')]);
  });

  it('drops what is not a filter, and repeats', () => {
    expect(decodeFilters(['', 'page==/a', 'visit:shoe==42', 'event:page', 'visit:os==Mac', 'visit:os==Mac'])).toEqual([f('visit:os', 'is', 'Mac')]);
  });
});

describe('the Stats API form', () => {
  it('is exact for is and is not, case-insensitive text for contains', () => {
    const text = toApiFilters([f('event:page', 'is', '/a*', '/b;c'), f('visit:source', 'contains_not', 'Go|o')])!;
    expect(text).toBe('event:page==/a\\*|/b\\;c;visit:source!~Go\\|o');
    expect(parseFilters(text)).toEqual({
      ok: true,
      value: [
        { property: 'event:page', negate: false, values: ['/a\\*', '/b;c'] },
        { property: 'visit:source', negate: true, values: ['**Go|o**'], ignoreCase: true },
      ],
    });
  });
});

describe('adding and editing', () => {
  it('an edit keeps its place; a new custom property replaces the other one', () => {
    const filters = [f('visit:browser', 'is', 'Chrome'), f('visit:browser_version', 'is', '131'), f('visit:country', 'is', 'SE')];
    expect(replaceFilter(filters, 'visit:browser', f('visit:browser', 'contains', 'fire'))).toEqual([f('visit:browser', 'contains', 'fire'), f('visit:country', 'is', 'SE')]);
    expect(replaceFilter(filters, 'visit:country', f('event:page', 'is', '/a'))).toEqual([...filters.slice(0, 2), f('event:page', 'is', '/a')]);
    expect(addFilter([f('event:props:plan', 'is', 'pro'), f('visit:os', 'is', 'Mac')], f('event:props:tier', 'is', 'x'))).toEqual([f('visit:os', 'is', 'Mac'), f('event:props:tier', 'is', 'x')]);
  });
});

// The Stats API's vocabulary (protocol/stats.ts): which names it knows, and the key each
// breakdown row carries its value under, which the server writes and the dashboard reads.
import { describe, expect, it } from 'vitest';
import { INTERVALS, PROP_KEYS, SIMPLE_PROPERTIES, isInterval, isMetric, isProperty, propKey, rowKey } from '../../protocol/stats.js';

describe('rowKey', () => {
  it.each([
    ['event:page', 'page'],
    ['event:goal', 'goal'],
    ['event:hostname', 'hostname'],
    ['visit:entry_page', 'entry_page'],
    ['visit:exit_page', 'exit_page'],
    ['visit:source', 'source'],
    ['visit:utm_campaign', 'utm_campaign'],
    ['visit:browser_version', 'browser_version'],
    ['visit:country', 'country'],
    ['event:props:plan', 'plan'],
    ['event:props:page', 'page'],
    [PROP_KEYS, 'prop'],
  ])('%s rows carry their value under "%s"', (property, key) => {
    expect(rowKey(property)).toBe(key);
  });
});

describe('names', () => {
  it('knows properties, custom ones and the key list apart', () => {
    for (const p of SIMPLE_PROPERTIES) expect(isProperty(p)).toBe(true);
    expect(isProperty('event:props:plan')).toBe(true);
    expect(isProperty(`event:props:${'k'.repeat(300)}`)).toBe(true);
    for (const p of [PROP_KEYS, 'event:props:', `event:props:${'k'.repeat(301)}`, 'event:props:a:b', 'visit:shoe_size', 'page']) expect(isProperty(p)).toBe(false);
    expect([propKey('event:props:plan'), propKey(PROP_KEYS), propKey('event:page')]).toEqual(['plan', undefined, undefined]);
  });

  it('knows metrics and intervals', () => {
    expect(isMetric('bounce_rate')).toBe(true);
    expect(isMetric('ip_addresses')).toBe(false);
    expect(INTERVALS.filter(isInterval)).toEqual(['hour', 'date', 'week', 'month']);
    for (const v of ['day', 'minute', '', null, undefined]) expect(isInterval(v)).toBe(false);
  });
});

// The dates in the address bar: a comparison mode survives a reload, and dates that cannot be
// shown (reversed, unreal, missing) fall back to the defaults and say so, rather than silently.
import { describe, expect, it, vi } from 'vitest';

// The state's metric names come with the interface's language, which reads the browser's.
vi.hoisted(() => {
  if (!('navigator' in globalThis)) Object.defineProperty(globalThis, 'navigator', { value: { languages: ['en'] }, configurable: true });
});
import { readState, searchOf } from '../../dashboard/lib/state.js';

describe('the address bar state', () => {
  it.each([
    ['?period=custom&from=2026-03-01&to=2026-03-10', { range: 'custom', from: '2026-03-01', to: '2026-03-10' }],
    ['?period=7d&compare=year', { range: '7d', compare: 'year' }],
    ['?compare=weekday', { compare: 'weekday' }],
    ['?compare=off', { compare: 'off' }],
    ['?compare=custom&compare_from=2025-01-01&compare_to=2025-01-31', { compare: 'custom', compareFrom: '2025-01-01', compareTo: '2025-01-31' }],
  ])('%s is read and written back the same', (search, expected) => {
    const state = readState(search);
    expect(state).toMatchObject(expected);
    expect(state.rejected).toBeUndefined();
    expect(searchOf(state)).toBe(search);
  });

  it.each([
    ['?period=custom&from=2026-03-10&to=2026-03-01', ['range']],
    ['?period=custom&from=2026-02-30&to=2026-03-01', ['range']],
    ['?period=custom', ['range']],
    ['?period=fortnight', ['range']],
    ['?compare=custom&compare_from=2025-02-01&compare_to=2025-01-01', ['compare']],
    ['?compare=decade', ['compare']],
    ['?period=custom&from=2026-03-10&to=2026-03-01&compare=custom&compare_to=2025-01-01', ['range', 'compare']],
  ])('%s falls back to the defaults and says what it could not show', (search, rejected) => {
    const state = readState(search);
    expect(state.rejected).toEqual(rejected);
    expect(state).toMatchObject({ range: '30d', compare: 'previous' });
    expect(state.from).toBeUndefined();
    expect(state.compareFrom).toBeUndefined();
    // Written back without what was refused: the address is mended.
    expect(searchOf(state)).toBe('');
  });
});

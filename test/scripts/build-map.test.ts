// The world map made at build time: every country's outline a well-formed relative SVG path on
// the whole-unit grid, keyed by the alpha-2 codes the country breakdown uses, and small enough
// for the dashboard's budget.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAP_HEIGHT, MAP_WIDTH, alpha2, worldMapModule, worldShapes } from '../../scripts/build-map.mjs';

/** the gzip bytes the map may add to the dashboard */
const MAP_BUDGET = 6 * 1024;
// One ring: an absolute move, relative line steps, closed; whole numbers only.
const RING = /M\d+ \d+l(-?\d+)(( |-)\d+)*z/y;

function rings(d: string): string[] {
  const out: string[] = [];
  RING.lastIndex = 0;
  while (RING.lastIndex < d.length) {
    const start = RING.lastIndex;
    if (!RING.exec(d)) throw new Error(`not a path at ${start}: ${d.slice(start, start + 40)}`);
    out.push(d.slice(start, RING.lastIndex));
  }
  return out;
}

/** A path's points, absolute, to check that it stays on the map. */
function points(ring: string): [number, number][] {
  const numbers = ring.match(/-?\d+/g)!.map(Number);
  const out: [number, number][] = [[numbers[0]!, numbers[1]!]];
  for (let i = 2; i < numbers.length; i += 2) out.push([out[out.length - 1]![0] + numbers[i]!, out[out.length - 1]![1] + numbers[i + 1]!]);
  return out;
}

describe('world map build', () => {
  const { width, height, shapes } = worldShapes();

  it('keys countries by the alpha-2 code the country breakdown uses', () => {
    expect(alpha2({ id: '752', properties: { name: 'Sweden' } })).toBe('SE');
    expect(alpha2({ id: '840', properties: { name: 'United States of America' } })).toBe('US');
    expect(alpha2({ id: '826', properties: { name: 'United Kingdom' } })).toBe('GB');
    expect(alpha2({ properties: { name: 'Kosovo' } })).toBe('XK');
    for (const code of ['SE', 'US', 'GB', 'FR', 'BR', 'JP', 'ZA', 'AU', 'LU', 'XK']) expect(shapes).toHaveProperty(code);
    expect(Object.keys(shapes).every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
    // Antarctica is left out; Northern Cyprus and Somaliland are parts of CY and SO, not codes.
    expect(shapes).not.toHaveProperty('AQ');
    expect(Object.keys(shapes).length).toBeGreaterThan(165);
  });

  it('draws every country as closed relative paths inside the map', () => {
    expect([width, height]).toEqual([MAP_WIDTH, MAP_HEIGHT]);
    expect(height / width).toBeCloseTo(0.487, 2); // Equal Earth's proportions
    for (const [code, d] of Object.entries(shapes)) {
      const all = rings(d).flatMap(points);
      expect(all.length, code).toBeGreaterThanOrEqual(3);
      for (const [x, y] of all) {
        expect(x >= 0 && x <= width && y >= 0 && y <= height, `${code} ${x},${y}`).toBe(true);
      }
    }
    // No ring runs across the map: Fiji and Russia stay on their side of the antimeridian.
    for (const [code, d] of Object.entries(shapes)) {
      for (const ring of rings(d)) {
        const xs = points(ring).map(([x]) => x);
        expect(Math.max(...xs) - Math.min(...xs), code).toBeLessThan(width * 0.45);
      }
    }
    // Sweden sits north and east of the United Kingdom, the United States west of both.
    const first = (code: string) => points(rings(shapes[code]!)[0]!)[0]!;
    expect(first('SE')[0]).toBeGreaterThan(first('US')[0]);
    expect(first('SE')[1]).toBeLessThan(first('US')[1]);
  });

  it('is small: the module the dashboard bundles is under its gzip budget', () => {
    const gzip = gzipSync(worldMapModule(), { level: 9 }).length;
    expect(gzip).toBeLessThanOrEqual(MAP_BUDGET);
    expect(worldMapModule()).toMatch(/^export const WIDTH=\d+;export const HEIGHT=\d+;export const SHAPES=\{/);
  });
});

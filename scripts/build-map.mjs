// The dashboard's world map, made at build time from Natural Earth's 1:110m countries (public
// domain, as TopoJSON in the world-atlas package): projected with Equal Earth, rounded to whole
// units, written as relative SVG path commands keyed by the ISO 3166-1 alpha-2 code that the
// country breakdown uses. The browser gets a few kilobytes of path text and no geometry code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';

/** the map's width in path units; its height follows from the projection */
export const MAP_WIDTH = 640;
/** rings smaller than this (square units) are dropped: specks at this size, and bytes */
const MIN_RING_AREA = 10;
/** Douglas–Peucker tolerance, in path units */
const SIMPLIFY = 0.9;

// world-atlas keys countries by ISO 3166-1 numeric code. The JavaScript engine's own CLDR data
// knows each numeric region code's alpha-2 alias (`und-752` is `und-SE`), so no table is kept
// here; the three shapes without a numeric code are named. Northern Cyprus and Somaliland are drawn
// with the countries a location database places them in.
const UNNUMBERED = { Kosovo: 'XK', 'N. Cyprus': 'CY', Somaliland: 'SO' };
// No visitor is placed there, and it would take a sixth of the map.
const LEFT_OUT = new Set(['AQ']);

export function alpha2(geometry) {
  const named = UNNUMBERED[geometry.properties?.name];
  if (named) return named;
  if (!/^\d{3}$/.test(geometry.id ?? '')) return undefined;
  const region = new Intl.Locale(`und-${geometry.id}`).region;
  return region && /^[A-Z]{2}$/.test(region) ? region : undefined;
}

// Equal Earth (Šavrič, Patterson, Jenny 2018): equal-area, and the familiar shape of a world map.
const A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = Math.sqrt(3) / 2;
function equalEarth(lon, lat) {
  const l = (lon * Math.PI) / 180;
  const t = Math.asin(M * Math.sin((lat * Math.PI) / 180));
  const t2 = t * t, t6 = t2 * t2 * t2;
  return [(l * Math.cos(t)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2))), t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))];
}
const [X_MAX] = equalEarth(180, 0);
const [, Y_MAX] = equalEarth(0, 90);
const SCALE = MAP_WIDTH / (2 * X_MAX);
/** the map's height in path units */
export const MAP_HEIGHT = Math.round(2 * Y_MAX * SCALE);

const project = ([lon, lat]) => {
  const [x, y] = equalEarth(lon, lat);
  return [Math.round((x + X_MAX) * SCALE), Math.round((Y_MAX - y) * SCALE)];
};

const area = (ring) => Math.abs(ring.reduce((s, [x, y], i) => { const [nx, ny] = ring[(i + 1) % ring.length]; return s + x * ny - nx * y; }, 0)) / 2;

/**
 * A ring of Fiji's or Russia's crosses the antimeridian (a step of more than 180° in longitude):
 * its points on the far side are pinned to the meridian on the ring's own side, or the ring
 * would stretch across the whole map. What lies beyond is a sliver at this scale.
 */
function unwrap(ring) {
  if (!ring.some(([lon], i) => i > 0 && Math.abs(lon - ring[i - 1][0]) > 180)) return ring;
  const east = ring.reduce((s, [lon]) => s + lon, 0) > 0;
  return ring.map(([lon, lat]) => [east ? (lon < 0 ? 180 : lon) : lon > 0 ? -180 : lon, lat]);
}

/** A ring's points on the whole-unit grid, repeats gone. */
function gridRing(ring) {
  const out = [];
  for (const point of unwrap(ring).map(project)) {
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

/**
 * Douglas–Peucker on a closed ring, a point kept where leaving it out would move the outline by
 * more than `tolerance` units; on the whole-unit grid most of 110m's detail is below that.
 */
function simplify(ring, tolerance = SIMPLIFY) {
  if (ring.length < 5) return ring;
  const keep = new Uint8Array(ring.length);
  const far = ring.reduce((best, p, i) => (dist2(p, ring[0]) > dist2(ring[best], ring[0]) ? i : best), 0);
  keep[0] = keep[far] = 1;
  const stack = [[0, far], [far, ring.length]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const pa = ring[a], pb = ring[b % ring.length];
    let worst = -1, at = -1;
    for (let i = a + 1; i < b; i++) {
      const d = offLine(ring[i], pa, pb);
      if (d > worst) (worst = d), (at = i);
    }
    if (worst > tolerance) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  const out = ring.filter((_, i) => keep[i]);
  return out.length > 2 ? out : ring;
}
const dist2 = (p, q) => (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
function offLine(p, a, b) {
  const len = Math.sqrt(dist2(a, b));
  if (len === 0) return Math.sqrt(dist2(p, a));
  return Math.abs((b[0] - a[0]) * (a[1] - p[1]) - (a[0] - p[0]) * (b[1] - a[1])) / len;
}

// A minus sign separates two numbers by itself: "l3-4" rather than "l3 -4".
const join = (numbers) => numbers.reduce((s, n, i) => s + (i > 0 && n >= 0 ? ' ' : '') + n, '');

function ringPath(ring) {
  const steps = ring.slice(1).flatMap(([x, y], i) => [x - ring[i][0], y - ring[i][1]]);
  return `M${join(ring[0])}l${join(steps)}z`;
}

/** Every country's path, by alpha-2 code, with the map's size: what the dashboard draws. */
export function worldShapes(topology = loadTopology()) {
  const groups = new Map();
  for (const geometry of topology.objects.countries.geometries) {
    const code = alpha2(geometry);
    if (!code || LEFT_OUT.has(code)) continue;
    groups.set(code, [...(groups.get(code) ?? []), geometry]);
  }
  const shapes = {};
  for (const [code, geometries] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    // Each shape's own polygons, not merged: merging would join Fiji's and Russia's two halves
    // along the antimeridian they share, across the whole map.
    const polygons = geometries.flatMap((g) => {
      const { geometry } = feature(topology, g);
      return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    });
    const all = polygons.flat().map(gridRing).filter((ring) => ring.length > 2);
    // A small country keeps its largest ring, however small: Luxembourg stays on the map.
    const largest = Math.max(...all.map(area));
    const rings = all.filter((ring) => area(ring) >= Math.min(MIN_RING_AREA, largest));
    if (rings.length > 0) shapes[code] = rings.map((ring) => ringPath(simplify(ring))).join('');
  }
  return { width: MAP_WIDTH, height: MAP_HEIGHT, shapes };
}

function loadTopology() {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'));
}

/** The module the dashboard imports as `lagom:world-map` (see build-dashboard.mjs). */
export function worldMapModule() {
  const { width, height, shapes } = worldShapes();
  return `export const WIDTH=${width};export const HEIGHT=${height};export const SHAPES=${JSON.stringify(shapes)};`;
}

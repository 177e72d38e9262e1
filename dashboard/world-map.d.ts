// The world map's outlines, made while bundling (scripts/build-map.mjs).
declare module 'lagom:world-map' {
  /** the map's size in path units */
  export const WIDTH: number;
  export const HEIGHT: number;
  /** each country's SVG path, by ISO 3166-1 alpha-2 code */
  export const SHAPES: Record<string, string>;
}

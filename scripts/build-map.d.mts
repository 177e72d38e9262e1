export const MAP_WIDTH: number;
export const MAP_HEIGHT: number;
/** The alpha-2 code of a world-atlas geometry (ISO numeric id, or its name for the unnumbered). */
export function alpha2(geometry: { id?: string; properties?: { name?: string } }): string | undefined;
/** Every country's SVG path by alpha-2 code, with the map's size in path units. */
export function worldShapes(): { width: number; height: number; shapes: Record<string, string> };
/** The source of the `lagom:world-map` module. */
export function worldMapModule(): string;
